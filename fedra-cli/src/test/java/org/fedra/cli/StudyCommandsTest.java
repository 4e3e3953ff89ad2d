package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A researcher creates a study from the CLI; the node's steward approves it from the CLI; the researcher sees it. */
class StudyCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void aStudyWaitsForTheStewardWhoApprovesItFromTheCommandLine() throws Exception {
        Path hubDir = tmp.resolve("hub");
        Path nodeDir = tmp.resolve("node");
        Files.createDirectories(nodeDir);
        Files.writeString(nodeDir.resolve("node-policy.json"), "{\"stewardApproval\": true}");
        try (Hub hub = Hub.start(HubConfig.defaults(hubDir).withBindAddress("127.0.0.1"));
             NodeAgent node = NodeAgent.start(NodeConfig.of(nodeDir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode())
                     .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns())) {
            assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();

            Captured created = capture(() -> CliRun.of("study", "create", "--data-dir", hubDir.toString(), "--title", "Statins", "--org", "uni-research",
                    "--node", node.nodeId(), "--analysis", "feasibility"));
            assertThat(created.run.code()).as(created.run.err()).isEqualTo(ExitCodes.REFUSED);
            assertThat(created.out).contains("awaiting-approval");
            String study = hub.studies().list().get(0).id();

            Captured waiting = capture(() -> CliRun.of("node", "approvals", "list", "--data-dir", nodeDir.toString()));
            assertThat(waiting.run.code()).isZero();
            assertThat(waiting.out).contains(study).contains("HRESCH").contains("uni-research").contains("Statins");

            assertThat(capture(() -> CliRun.of("node", "approvals", "approve", study, "--steward", "jane", "--data-dir", nodeDir.toString())).run.code()).isZero();
            Captured again = capture(() -> CliRun.of("node", "approvals", "reject", study, "--reason", "late", "--data-dir", nodeDir.toString()));
            assertThat(again.run.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(again.run.err()).contains("already accepted");

            Captured shown = capture(() -> CliRun.of("study", "show", study, "--data-dir", hubDir.toString()));
            assertThat(shown.run.code()).isZero();
            assertThat(shown.out).contains(node.nodeId()).contains("accepted").contains("approved by the data steward (jane)");
            assertThat(capture(() -> CliRun.of("study", "list", "--data-dir", hubDir.toString())).out).contains(study).contains("1 of 1");
        }
    }

    @Test
    void aStudyBeyondTheOrganisationsRateLimitIsRefusedWithTheLimitAndWhenItResets() throws Exception {
        Path hubDir = tmp.resolve("hub");
        try (Hub hub = Hub.start(HubConfig.defaults(hubDir).withBindAddress("127.0.0.1")
                .withStudyRateLimit(new org.fedra.hub.study.StudyRateLimit(1, Duration.ofHours(1))));
             NodeAgent node = NodeAgent.start(NodeConfig.of(tmp.resolve("node"), "localhost:" + hub.grpcPort(), hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode())
                     .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns())) {
            assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
            String[] create = {"study", "create", "--data-dir", hubDir.toString(), "--title", "Statins", "--org", "uni-research",
                    "--node", node.nodeId(), "--analysis", "feasibility"};
            assertThat(capture(() -> CliRun.of(create)).run.code()).isEqualTo(ExitCodes.OK);

            Captured refused = capture(() -> CliRun.of(create));
            assertThat(refused.run.code()).isEqualTo(ExitCodes.FAILURE);
            String resetsAt = hub.studies().list().get(0).createdAt().plus(Duration.ofHours(1)).toString();
            assertThat(refused.run.err()).startsWith("fedra: error: organisation uni-research has reached the hub's limit of 1 study per 1 hour;"
                    + " the next study can be created at " + resetsAt + " (in ");
            assertThat(refused.out).isEmpty();
            assertThat(hub.studies().list()).hasSize(1);
        }
    }

    @Test
    void aStudyRateLimitOutOfBoundsIsAUsageErrorNamingTheFlags() throws Exception {
        CliRun none = CliRun.of("hub", "--data-dir", tmp.resolve("hub").toString(), "--study-rate-limit", "0");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).isEqualTo("fedra: error: --study-rate-limit/--study-rate-window: study rate limit: the number of studies must be"
                + " from 1 to 100000, not 0" + System.lineSeparator());
        CliRun tooShort = CliRun.of("hub", "--data-dir", tmp.resolve("hub").toString(), "--study-rate-window", "500ms");
        assertThat(tooShort.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooShort.err()).contains("the window must be from 1 second to 366 days, not PT0.5S");
        assertThat(Files.exists(tmp.resolve("hub"))).as("nothing is created").isFalse();
    }

    @Test
    void approvalsWithoutARunningNodeSayWhatIsWrong() {
        CliRun r = CliRun.of("node", "approvals", "list", "--data-dir", tmp.resolve("nothing").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(r.err()).contains("steward.token");
    }

    record Captured(CliRun run, String out) {}

    private static synchronized Captured capture(Supplier<CliRun> s) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CliRun r = s.get();
            return new Captured(r, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
