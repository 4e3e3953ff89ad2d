package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.consent.ConsentCompiler;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.fedra.hub.training.RegisteredModel;

/**
 * {@code fedra study train} and {@code fedra model list|show|export} against a real hub and two real nodes holding the
 * Cleveland and Hungarian heart-disease files (every patient consented to research).
 */
class TrainingCommandsTest {
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    static final String JOB = "{\"name\": \"cli-heart\", \"model\": {\"features\": ["
            + "{\"name\": \"age\", \"system\": \"http://loinc.org\", \"code\": \"30525-0\", \"unit\": \"a\"}, {\"name\": \"sex\", \"patient\": \"sex\"},"
            + "{\"name\": \"cp\", \"system\": \"" + LOCAL + "\", \"code\": \"cp\"}, {\"name\": \"oldpeak\", \"system\": \"" + LOCAL + "\", \"code\": \"oldpeak\", \"unit\": \"mm\"}],"
            + " \"outcome\": {\"name\": \"num\", \"system\": \"" + LOCAL + "\", \"code\": \"num\"}, \"outcomeAbove\": 0},"
            + " \"config\": {\"rounds\": 3, \"batchSize\": 16, \"learningRate\": 0.1, \"seed\": 3}}";
    @TempDir
    static Path tmp;
    static Hub hub;
    static final List<NodeAgent> nodes = new ArrayList<>();
    static Study study;

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        CsvMapping mapping = CsvMapping.loadResource("mappings/uci-heart-disease.json");
        for (String site : List.of("cleveland", "hungarian")) {
            NodeAgent n = NodeAgent.start(NodeConfig.of(tmp.resolve(site), "localhost:" + hub.grpcPort(),
                    hub.issueToken("Hospital " + site, Duration.ofMinutes(5)).encode()).withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                    TaskHandlers.withBuiltIns());
            nodes.add(n);
            assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
            assertThat(n.dataLayer().csvImporter().importFile(StudyAnalysisCommandsTest.heartDisease(site), mapping).problems()).isEmpty();
            List<Consent> consents = new ArrayList<>();
            for (StoredResource p : n.dataLayer().store().ofType("Patient")) consents.add(StudyAnalysisCommandsTest.permit(p.patientId()));
            n.dataLayer().store().upsertAll(consents);
        }
        study = hub.studies().create(new StudyRequest("Heart model", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.stream().map(NodeAgent::nodeId).toList(), Set.of("training"), true));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    String[] hubArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken()));
        return all.toArray(String[]::new);
    }

    @Test
    void trainFollowsTheRoundsAndTheModelCanBeListedShownPlottedAndExported() throws Exception {
        Path job = tmp.resolve("job.json");
        Files.writeString(job, JOB);
        CliRun train = CliRun.of(hubArgs("study", "train", "--study", study.id(), "--config", job.toString(), "--poll-millis", "100"));
        System.out.println(train.out());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("Training job train-", "[" + "#".repeat(30) + "] round 3/3", "ROUND", "AUC",
                "Status: finished - completed 3 rounds", "Model: model-");
        String modelId = train.out().replaceAll("(?s).*Model: (model-[0-9a-f]+).*", "$1");
        RegisteredModel model = hub.models().find(modelId).orElseThrow();
        assertThat(model.rounds()).hasSize(3);

        CliRun list = CliRun.of(hubArgs("model", "list"));
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(modelId, "cli-heart", "logistic");

        Path svg = tmp.resolve("curves.svg");
        CliRun show = CliRun.of(hubArgs("model", "show", modelId, "--plot", svg.toString()));
        System.out.println(show.out());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("cli-heart v1", "Nodes: ", nodes.get(0).nodeId(), "Consent snapshot: ", "no differential privacy",
                String.format(java.util.Locale.ROOT, "%.4f", model.rounds().get(2).auc()));
        String drawn = Files.readString(svg);
        assertThat(drawn).startsWith("<svg").contains("id=\"loss\"", "id=\"auc\"");
        assertThat(drawn.split("<circle", -1)).as("3 rounds x 2 curves").hasSize(7);

        Path png = tmp.resolve("curves.png");
        assertThat(CliRun.of(hubArgs("model", "show", modelId, "--plot", png.toString())).code()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TrainingCurves.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TrainingCurves.HEIGHT);

        Path out = tmp.resolve("model.json");
        CliRun export = CliRun.of(hubArgs("model", "export", modelId, "--out", out.toString()));
        assertThat(export.code()).as(export.err()).isZero();
        JsonNode exported = new ObjectMapper().readTree(out.toFile());
        double[] parameters = new double[exported.get("parameters").size()];
        for (int i = 0; i < parameters.length; i++) parameters[i] = exported.get("parameters").get(i).asDouble();
        assertThat(parameters).containsExactly(model.parameters());
        assertThat(exported.get("standardisation").get("means")).hasSize(4);
        assertThat(exported.get("metrics")).hasSize(3);
    }

    @Test
    void aBadJobFileIsAUsageErrorNamingTheField() throws Exception {
        Path job = tmp.resolve("bad.json");
        Files.writeString(job, JOB.replace("\"learningRate\": 0.1", "\"learningRate\": -0.1"));
        CliRun r = CliRun.of(hubArgs("study", "train", "--study", study.id(), "--config", job.toString()));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("config.learningRate");
        CliRun plot = CliRun.of(hubArgs("model", "show", "model-x", "--plot", tmp.resolve("curves.gif").toString()));
        assertThat(plot.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(plot.err()).contains("--plot").contains(".svg or .png");
        assertThat(CliRun.of(hubArgs("model", "show", "model-none")).err()).contains("no model model-none");
    }
}
