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

/**
 * {@code fedra study statistics} and {@code fedra study regression} against a real hub and two real nodes holding the
 * Cleveland and Hungarian heart-disease files (every patient consented to research).
 */
class StudyAnalysisCommandsTest {
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
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
            assertThat(n.dataLayer().csvImporter().importFile(heartDisease(site), mapping).problems()).isEmpty();
            List<Consent> consents = new ArrayList<>();
            for (StoredResource p : n.dataLayer().store().ofType("Patient")) consents.add(permit(p.patientId()));
            n.dataLayer().store().upsertAll(consents);
        }
        study = hub.studies().create(new StudyRequest("Heart", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.stream().map(NodeAgent::nodeId).toList(), Set.of("statistics", "regression"), false));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    void regressionPrintsTheCoefficientTableAndTheNodes() {
        CliRun r = CliRun.of("study", "regression", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken(),
                "--outcome", "num=" + LOCAL + "|num", "--outcome-above", "0",
                "--predictor", "age=http://loinc.org|30525-0@a", "--predictor", "sex", "--predictor", "cp=" + LOCAL + "|cp",
                "--predictor", "oldpeak=" + LOCAL + "|oldpeak@mm");
        System.out.println(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        // every one of the 303 Cleveland + 294 Hungarian rows has age, sex, cp, oldpeak and num: 597, released rounded to 5
        assertThat(r.out()).contains("Logistic regression (binomial, logit link), n = 595 (rounded to 5)", "(Intercept)", "age", "sex", "cp",
                "oldpeak", "z value", "p-value", "2.5 %", "97.5 %", "Converged after");
        assertThat(r.out()).contains("Nodes included: ").contains(nodes.get(0).nodeId()).contains(nodes.get(1).nodeId());
        assertThat(r.out()).contains("minimum cell size 10");
    }

    @Test
    void aRegressionRunsAsAJobWithAProgressBarAndStaysListedWithItsState() {
        CliRun r = CliRun.of("study", "regression", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken(),
                "--outcome", "num=" + LOCAL + "|num", "--outcome-above", "0", "--predictor", "sex");
        assertThat(r.code()).as(r.err()).isZero();
        // the bar on standard error follows the job: its id, the bar, the state and the secure-sum steps
        assertThat(r.err()).contains("job-").contains("[##").contains("running").contains("secure sum 1: secagg.masked").contains("succeeded");
        assertThat(r.out()).contains("Converged after").doesNotContain("secagg");
        String jobId = r.err().substring(r.err().indexOf("job-"), r.err().indexOf(' ', r.err().indexOf("job-")));

        CliRun list = CliRun.of("job", "list", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(jobId).contains("regression").contains("succeeded");
        CliRun show = CliRun.of("job", "show", jobId, "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken());
        assertThat(show.out()).contains("\"state\" : \"succeeded\"").contains("\"coefficients\"");
        CliRun cancel = CliRun.of("job", "cancel", jobId, "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken());
        assertThat(cancel.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cancel.err()).contains("job " + jobId + " is already succeeded");
    }

    @Test
    void statisticsPrintsCountsHistogramAndTable() {
        CliRun r = CliRun.of("study", "statistics", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken(),
                "--variable", "chol=http://loinc.org|2093-3@mg/dL", "--edges", "100,200,300,400,500,600", "--by", "sex", "--categories", "0,1");
        System.out.println(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        // 303 Cleveland + 271 Hungarian patients with a cholesterol value: 574, published rounded to 5
        assertThat(r.out()).contains("Descriptive statistics of chol", "n (rounded)  575", "mean", "SD", "quartiles", "[100, 200)", "sex = 1", "total");
    }

    @Test
    void aMalformedVariableIsAUsageErrorNamingTheOption() {
        CliRun r = CliRun.of("study", "regression", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken(),
                "--outcome", "num", "--predictor", "sex");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--outcome \"num\"").contains("NAME=SYSTEM|CODE");
        CliRun bad = CliRun.of("study", "statistics", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken(),
                "--variable", "sex", "--edges", "3,1");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("$.edges[1]");
    }

    static Path heartDisease(String site) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/data/heart-disease");
            if (Files.isDirectory(candidate)) return candidate.resolve(site + ".csv");
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/data/heart-disease");
    }

    static Consent permit(String patientId) {
        Consent c = new Consent();
        c.setId("research-permit-" + patientId);
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding(ConsentCompiler.SCOPE_SYSTEM, "research", "Research")));
        c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "57016-8", "Privacy policy acknowledgement")));
        c.setPatient(new Reference("Patient/" + patientId));
        c.setDateTimeElement(new DateTimeType("2020-01-01T00:00:00Z"));
        c.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        return c;
    }
}
