package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.sandbox.QueuedOutput;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steward's and the researcher's commands of code to data, against a real hub and two heart-disease nodes with
 * their steward APIs: {@code fedra node packages approve|list}, {@code fedra study run --package}, and the release queue
 * ({@code fedra node releases list|release}) of a node whose package policy sends every output to review.
 */
class StudyRunPackageCommandTest {
    static final List<String> SITES = List.of("cleveland", "hungarian");
    @TempDir
    static Path tmp;
    static Hub hub;
    static final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    static Study study;
    static Path pkg;

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        CsvMapping mapping = CsvMapping.loadResource("mappings/uci-heart-disease.json");
        for (String site : SITES) {
            NodeAgent n = NodeAgent.start(NodeConfig.of(tmp.resolve(site), "localhost:" + hub.grpcPort(),
                    hub.issueToken("Hospital " + site, Duration.ofMinutes(5)).encode()).withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0),
                    TaskHandlers.withBuiltIns());
            nodes.put(site, n);
            assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
            assertThat(n.dataLayer().csvImporter().importFile(StudyAnalysisCommandsTest.heartDisease(site), mapping).problems()).isEmpty();
            List<Consent> consents = new ArrayList<>();
            for (StoredResource p : n.dataLayer().store().ofType("Patient")) consents.add(StudyAnalysisCommandsTest.permit(p.patientId()));
            n.dataLayer().store().upsertAll(consents);
        }
        // the Hungarian steward reviews every output by hand
        Files.writeString(tmp.resolve("hungarian").resolve("package-policy.json"), "{\"review\": \"all\"}");
        study = hub.studies().create(new StudyRequest("Sex of the patients", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.values().stream().map(NodeAgent::nodeId).toList(), Set.of("package"), false));
        pkg = Files.createDirectory(tmp.resolve("sex-counts"));
        Files.writeString(pkg.resolve("manifest.json"), "{\"name\": \"sex-counts\", \"version\": \"1.0.0\", \"language\": \"python\", \"entryPoint\": \"main.py\","
                + " \"data\": {\"variables\": [{\"name\": \"sex\", \"patient\": \"sex\"}]},"
                + " \"outputs\": [{\"file\": \"by_sex.csv\", \"kind\": \"aggregate-table\", \"countColumn\": \"n\"}]}");
        Files.writeString(pkg.resolve("main.py"), "import csv, os\nrows = list(csv.DictReader(open(os.environ['FEDRA_DATA'] + '/variables.csv')))\n"
                + "with open(os.environ['FEDRA_OUTPUT'] + '/by_sex.csv', 'w') as f:\n    f.write('sex,n\\n')\n"
                + "    for s in ['0', '1']:\n        f.write('%s,%d\\n' % (s, sum(1 for r in rows if r['sex'] == s)))\n");
    }

    @AfterAll
    static void stop() {
        nodes.values().forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    static String dataDir(String site) {
        return tmp.resolve(site).toString();
    }

    @Test
    void stewardsApproveByHashTheResearcherRunsItAndAReviewedOutputWaitsForItsRelease() throws Exception {
        String hash = AnalysisPackage.open(pkg).hash().value();
        for (String site : SITES) {
            CliRun approve = CliRun.of("node", "packages", "approve", pkg.toString(), "--study", study.id(), "--steward", "J. Smith", "--data-dir", dataDir(site));
            assertThat(approve.code()).as(approve.err()).isZero();
            assertThat(approve.out()).isEqualTo("package sex-counts 1.0.0 (" + hash + ") approved for study " + study.id() + " by J. Smith\n");
        }
        CliRun list = CliRun.of("node", "packages", "list", "--study", study.id(), "--data-dir", dataDir("cleveland"));
        assertThat(list.out()).contains("sex-counts", "1.0.0", hash, "hash", "J. Smith");

        CliRun run = CliRun.of("study", "run", "--package", pkg.toString(), "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(),
                "--token", hub.operatorToken());
        System.out.println(run.out());
        assertThat(run.code()).as(run.err()).isZero();
        long males = 0;
        List<String> lines = Files.readAllLines(StudyAnalysisCommandsTest.heartDisease("cleveland"));
        int sex = List.of(lines.get(0).split(",")).indexOf("sex");
        for (String l : lines.subList(1, lines.size())) if (!l.isBlank() && Double.parseDouble(l.split(",")[sex].trim()) == 1) males++;
        String cleveland = nodes.get("cleveland").nodeId();
        String hungarian = nodes.get("hungarian").nodeId();
        assertThat(run.out()).contains("Package sex-counts 1.0.0 (" + hash + ")", "Table by_sex.csv:\n    node,sex,n\n    " + cleveland + ",0,"
                + Rounding.toBase(303 - males, 5) + "\n    " + cleveland + ",1," + Rounding.toBase(males, 5) + "\n");
        List<QueuedOutput> waiting = nodes.get("hungarian").packages().releases().pending();
        assertThat(waiting).hasSize(1);
        String id = waiting.get(0).outputId();
        assertThat(run.out()).contains("Node " + hungarian + ": exited with status 0; 0 outputs released, 1 waiting for the data steward, 0 refused",
                "by_sex.csv: pending [" + id + "] - 2 rows, 0 suppressed (fewer than 10 patients), counts rounded to 5");

        CliRun queue = CliRun.of("node", "releases", "list", "--data-dir", dataDir("hungarian"));
        assertThat(queue.code()).as(queue.err()).isZero();
        assertThat(queue.out()).contains(id, study.id(), "by_sex.csv", "aggregate-table", "pending");
        assertThat(CliRun.of("node", "releases", "list", "--data-dir", dataDir("cleveland")).out()).isEqualTo("no package output waits for release\n");

        CliRun release = CliRun.of("node", "releases", "release", id, "--steward", "J. Smith", "--data-dir", dataDir("hungarian"));
        assertThat(release.code()).as(release.err()).isZero();
        assertThat(release.out()).isEqualTo("output " + id + " (by_sex.csv of run " + waiting.get(0).runId() + "): released by J. Smith\n");
        CliRun again = CliRun.of("node", "releases", "release", id, "--steward", "J. Smith", "--data-dir", dataDir("hungarian"));
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("output " + id + " is already released");
        String released = new String(nodes.get("hungarian").packages().releases().content(id), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(released).startsWith("sex,n\n0,").contains("\n1,");
        CliRun byStudy = CliRun.of("node", "releases", "list", "--study", study.id(), "--data-dir", dataDir("hungarian"));
        assertThat(byStudy.out()).contains(id, "released");

        // the release is listed in each contributing patient's access log, with the run that read their data
        JsonNode accessLog = new NodeApprovalsCommand.NodeTarget().at(tmp.resolve("hungarian")).client().get("/api/patients/"
                + java.net.URLEncoder.encode("urn:fedra:csv:uci-heart-disease:hungarian|row1", java.nio.charset.StandardCharsets.UTF_8) + "/access-log");
        JsonNode entry = null;
        for (JsonNode e : accessLog) if (e.path("taskId").asText().equals(waiting.get(0).runId())) entry = e;
        assertThat(entry).as(accessLog.toPrettyString()).isNotNull();
        assertThat(entry.path("study").asText()).isEqualTo(study.id());
        assertThat(entry.path("organisation").asText()).isEqualTo("uni-research");
        assertThat(entry.path("packageOutputs")).hasSize(1);
        assertThat(entry.at("/packageOutputs/0/file").asText()).isEqualTo("by_sex.csv");
        assertThat(entry.at("/packageOutputs/0/status").asText()).isEqualTo("released");
        assertThat(entry.at("/packageOutputs/0/decidedBy").asText()).isEqualTo("J. Smith");
        assertThat(entry.at("/packageOutputs/0/package").asText()).isEqualTo(hash);

        // audited before it was recorded, naming the steward
        List<String> audit = new ArrayList<>();
        for (String l : Files.readAllLines(tmp.resolve("hungarian").resolve("audit.log"))) {
            JsonNode e = JsonCodec.tree(l);
            audit.add(e.get("action").asText() + " " + e.get("actor").asText() + ": " + e.get("detail").asText());
        }
        assertThat(audit).anyMatch(l -> l.startsWith("output.queued researcher:uni-research: aggregate-table by_sex.csv of run " + waiting.get(0).runId()));
        assertThat(audit).anyMatch(l -> l.startsWith("output.released steward:J. Smith: aggregate-table by_sex.csv of run " + waiting.get(0).runId())
                && l.endsWith("released by the data steward (294 patients)"));
        assertThat(audit).anyMatch(l -> l.startsWith("package.approved steward:J. Smith") && l.contains(hash));
    }
}
