package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cleveland table has no birth dates, only an age observation (LOINC 30525-0): an age criterion falls back to it,
 * and the feasibility answer says so.
 */
class AgeFromObservationTest {
    @TempDir
    Path tmp;

    @Test
    void ageCriteriaUseTheAgeObservationWhenThereIsNoBirthDate() throws Exception {
        Path cleveland = NodeDataCommandsTest.sharedData().resolve("heart-disease/cleveland.csv");
        List<String> rows = Files.readAllLines(cleveland).stream().skip(1).filter(l -> !l.isBlank()).toList();
        long sixtyOrOver = rows.stream().filter(l -> Double.parseDouble(l.split(",")[0]) >= 60).count();
        assertThat(rows).hasSize(303);
        assertThat(sixtyOrOver).isBetween(50L, 150L);
        Path nodeDir = tmp.resolve("node");
        try (Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1"));
             NodeAgent node = NodeAgent.start(NodeConfig.of(nodeDir, "localhost:" + hub.grpcPort(), hub.issueToken("Cleveland", Duration.ofMinutes(5)).encode())
                     .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns())) {
            assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
            CliRun imported = CliRun.of("node", "import", "--data-dir", nodeDir.toString(), "--csv", cleveland.toString(), "--mapping", "uci-heart-disease");
            assertThat(imported.code()).as(imported.err()).isZero();
            Path permits = Files.writeString(tmp.resolve("permits.csv"), "identifier\n" + IntStream.rangeClosed(1, 303)
                    .mapToObj(i -> "urn:fedra:csv:uci-heart-disease:cleveland|row" + i).collect(Collectors.joining("\n")) + "\n");
            assertThat(CliRun.of("node", "consent", "import", "--data-dir", nodeDir.toString(), "--csv", permits.toString()).code()).isZero();
            Study s = hub.studies().create(new StudyRequest("Age", Purpose.HEALTHCARE_RESEARCH, "uni-research", List.of(node.nodeId()),
                    Set.of("feasibility"), true));

            Path query = Files.writeString(tmp.resolve("query.json"), "{\"age\": {\"min\": 60}}");
            CliRun run = CliRun.of("study", "feasibility", "--study", s.id(), "--query", query.toString(), "--data-dir", tmp.resolve("hub").toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).containsPattern(node.nodeId() + "\\s+" + Rounding.toBase(sixtyOrOver, 10) + "\\s+")
                    // the other categories hold none or a few, which disclosure control shows as "<10"
                    .contains("ages from: most recent age observation (LOINC 30525-0)");
        }
    }
}
