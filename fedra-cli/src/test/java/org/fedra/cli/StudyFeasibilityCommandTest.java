package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedra study feasibility} against a real hub and one real node with 200 synthetic patients. */
class StudyFeasibilityCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    Hub hub;
    NodeAgent node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
        if (hub != null) hub.close();
    }

    @Test
    void printsTheReleasedCountsPerNodeAndTotalsAndRefusesABadQueryFile() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        node = NodeAgent.start(NodeConfig.of(tmp.resolve("node"), "localhost:" + hub.grpcPort(), hub.issueToken("City", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns());
        assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(
                new SyntheticCohort(SiteProfile.cityUniversity(), 5, LocalDate.of(2025, 12, 31)).nextBundle(200));
        assertThat(node.dataLayer().fhirImporter().importBundle(new StringReader(bundle), "city").problems()).isEmpty();
        Study s = hub.studies().create(new StudyRequest("CLI", Purpose.HEALTHCARE_RESEARCH, "uni-research", List.of(node.nodeId()),
                Set.of("feasibility"), true));

        Path query = Files.writeString(tmp.resolve("query.json"), "{\"age\": {\"min\": 18}}");
        CliRun run = CliRun.of("study", "feasibility", "--study", s.id(), "--query", query.toString(), "--reference-date", "2026-01-01",
                "--data-dir", tmp.resolve("hub").toString());
        assertThat(run.code()).as(run.err()).isZero();

        // the table shows exactly the figures the hub recorded as released
        JsonNode released = JSON.readTree(hub.studies().releases(s.id()).get(0).figures());
        JsonNode mine = released.get("nodes").get(0);
        // the display is the rounded count, "<10" for none or a few, "withheld" for a refused count
        String usable = mine.at("/categories/usable/display").asText();
        String needs = mine.at("/categories/needsConsent/display").asText();
        assertThat(usable).isEqualTo(mine.at("/categories/usable/count").asText());
        assertThat(mine.at("/categories/usable/count").asLong()).isPositive();
        assertThat(run.out()).contains("Feasibility of study " + s.id() + " (ages at 2026-01-01)")
                .containsPattern(node.nodeId() + "\\s+" + usable + "\\s+" + needs + "\\s")
                .containsPattern("TOTAL\\s+" + released.at("/totals/usable/count").asLong() + "\\*?\\s")
                .contains("minimum cell size 10, rounding base 10");

        Files.writeString(query, "{\"age\": {\"min\": 80, \"max\": 40}}");
        CliRun bad = CliRun.of("study", "feasibility", "--study", s.id(), "--query", query.toString(), "--data-dir", tmp.resolve("hub").toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("$.age").contains("impossible range");

        CliRun missing = CliRun.of("study", "feasibility", "--study", s.id(), "--query", tmp.resolve("nope.json").toString(),
                "--data-dir", tmp.resolve("hub").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--query").contains("no such file");
        assertThat(hub.studies().releases(s.id())).hasSize(1);

        // the steward sees the organisation's budget: one query (three figures) of the default 200; the refused query
        // files never left the hub
        CliRun budgets = CliRun.of("node", "budgets", "--data-dir", tmp.resolve("node").toString());
        assertThat(budgets.code()).as(budgets.err()).isZero();
        assertThat(budgets.out()).containsPattern("ORGANISATION\\s+USED\\s+LIMIT\\s+REMAINING")
                .containsPattern("uni-research\\s+1\\s+200\\s+199\\s+3\\s");
    }

    @Test
    void aTotalNoNodeReleasedShowsADashNotAZero() throws Exception {
        JsonNode r = new ObjectMapper().readTree("""
                {"study": "s1", "referenceDate": "2026-12-06",
                 "nodes": [{"node": "node-a", "categories": {"usable": {"count": 290},
                            "needsConsent": {"status": "suppressed", "display": "<10"},
                            "notAssessable": {"status": "suppressed", "display": "<10"}}},
                           {"node": "node-b", "categories": {"usable": {"count": 240},
                            "needsConsent": {"count": 20},
                            "notAssessable": {"status": "refused", "display": "withheld"}}}],
                 "totals": {"usable": {"count": 530, "complete": true},
                            "needsConsent": {"count": 20, "complete": false},
                            "notAssessable": {"count": 0, "complete": false}}}""");
        java.io.StringWriter text = new java.io.StringWriter();
        StudyFeasibilityCommand.print(r, new java.io.PrintWriter(text, true));
        assertThat(text.toString()).containsPattern("(?m)^TOTAL\\s+530\\s+20\\*\\s+-\\*$")
                .contains("-: no node released it");
    }
}
