package org.fedra.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hub and a node say about themselves when run as processes: the hub prints an API URL a client can use (not
 * the wildcard address), a node says that it stopped on SIGTERM, keeps its steward API port across a restart, and
 * says once that it was revoked.
 */
class NodeLifecycleMessagesTest {
    @TempDir
    Path tmp;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void hubUrlNodeStopNodeApiPortAndRevocationAreSaidPlainly() throws Exception {
        Path hubDir = tmp.resolve("hub");
        Path hubOut = tmp.resolve("hub.out");
        Process hub = start(hubOut, "hub", "--data-dir", hubDir.toString(), "--advertise-host", "localhost");
        String hubLine = await(hubOut, Pattern.compile("fedra hub: .*"), hub);
        // Listening beyond loopback, the hub serves its API over TLS and says how clients verify it.
        assertThat(hubLine).contains("HTTP API at https://localhost:").contains("--ca ").doesNotContain("0.0.0.0");
        Matcher grpc = Pattern.compile("nodes connect to port (\\d+)").matcher(hubLine);
        assertThat(grpc.find()).isTrue();

        FedraJar.Result enrol = FedraJar.run(tmp, processes, "hub", "enrol", "--data-dir", hubDir.toString(), "--org", "Hospital A");
        assertThat(enrol.code).as(enrol.err).isZero();
        Path nodeDir = tmp.resolve("node");
        Path firstOut = tmp.resolve("node-1.out");
        Process first = start(firstOut, "node", "--hub", "localhost:" + grpc.group(1), "--token", enrol.out.trim(), "--data-dir", nodeDir.toString());
        String api = await(firstOut, Pattern.compile("steward API at (http://\\S+/api)"), first);
        String nodeId = await(firstOut, Pattern.compile("fedra node (node-[0-9a-f]+)"), first);

        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(firstOut)).contains("fedra node " + nodeId + " stopped");

        Path secondOut = tmp.resolve("node-2.out");
        Path secondErr = tmp.resolve("node-2.err");
        Process second = start(secondOut, secondErr, "node", "--data-dir", nodeDir.toString());
        assertThat(await(secondOut, Pattern.compile("steward API at (http://\\S+/api)"), second)).as("the port of the previous start").isEqualTo(api);

        FedraJar.Result revoke = FedraJar.run(tmp, processes, "hub", "nodes", "revoke", nodeId, "--data-dir", hubDir.toString(), "--reason", "test");
        assertThat(revoke.code).as(revoke.err).isZero();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(4);
        String err = Files.readString(secondErr);
        assertThat(Pattern.compile("revoked").matcher(err).results().count()).as(err).isEqualTo(1);
        assertThat(err).contains("fedra: error: this node has been revoked by the hub: test");
    }

    private Process start(Path out, String... args) throws Exception {
        return start(out, tmp.resolve(out.getFileName() + ".err"), args);
    }

    private Process start(Path out, Path err, String... args) throws Exception {
        Process p = new ProcessBuilder(FedraJar.command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        processes.add(p);
        return p;
    }

    /** Waits for a line of the process' output matching {@code pattern}; returns its first group, or the match. */
    private static String await(Path out, Pattern pattern, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            Matcher m = pattern.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
            assertThat(p.isAlive()).as("process ended: " + (Files.exists(out) ? Files.readString(out) : "")).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("no " + pattern + " in " + Files.readString(out));
    }
}
