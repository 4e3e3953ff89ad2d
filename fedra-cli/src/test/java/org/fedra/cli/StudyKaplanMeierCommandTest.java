package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedra study kaplan-meier} against a real hub and two heart-disease nodes: the table, its rows and the guarantee. */
class StudyKaplanMeierCommandTest {
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
            assertThat(n.dataLayer().csvImporter().importFile(StudyAnalysisCommandsTest.heartDisease(site), mapping).problems()).isEmpty();
            List<Consent> consents = new ArrayList<>();
            for (StoredResource p : n.dataLayer().store().ofType("Patient")) consents.add(StudyAnalysisCommandsTest.permit(p.patientId()));
            n.dataLayer().store().upsertAll(consents);
        }
        study = hub.studies().create(new StudyRequest("Age at heart disease", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.stream().map(NodeAgent::nodeId).toList(), Set.of("kaplan-meier"), false));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    void printsTheTableWithItsIntervalsAndGuarantee() {
        CliRun r = CliRun.of("study", "kaplan-meier", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token", hub.operatorToken(),
                "--time", "age=http://loinc.org|30525-0@a", "--event", "num=" + LOCAL + "|num", "--event-above", "0", "--edges", "30,40,50,60,70,80");
        System.out.println(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        // 303 Cleveland + 294 Hungarian patients with an age and a num: 597, shown rounded to 5
        assertThat(r.out()).contains("Kaplan-Meier table of age to num, n (rounded) 595", "AT RISK", "EVENTS", "SURVIVAL", "95% CI",
                "Nodes included: ", nodes.get(0).nodeId(), nodes.get(1).nodeId(), "minimum cell size 10", "Coarsening: adjacent intervals are merged");
        assertThat(r.out()).contains("  30       40 ");
        assertThat(r.err()).contains("secure sum 1: secagg.unmask").contains("succeeded");
        CliRun bad = CliRun.of("study", "kaplan-meier", "--study", study.id(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(), "--token",
                hub.operatorToken(), "--time", "age", "--event", "num=" + LOCAL + "|num", "--edges", "50,40");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("$.edges[1]");
    }
}
