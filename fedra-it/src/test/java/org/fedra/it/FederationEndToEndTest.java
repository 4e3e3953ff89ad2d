package org.fedra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fedra.it.FedraJar.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code fedra.jar} as separate OS processes: a hub and three nodes enrol, answer tasks,
 * survive a hub restart, and a revoked node is refused.
 */
class FederationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = FedraJar.JAR;

    @TempDir
    Path tmp;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void hubAndThreeNodesAsProcesses() throws Exception {
        assertThat(JAR).as("the shaded jar (built by the fedra-cli module)").exists();
        Path hubDir = tmp.resolve("hub");
        Process hub = start("hub", "hub", "--data-dir", hubDir.toString(), "--bind", "127.0.0.1");
        JsonNode ports = awaitPorts(hubDir);
        int grpcPort = ports.get("grpcPort").asInt();
        String token = Files.readString(hubDir.resolve("operator.token")).trim();
        String api = "http://127.0.0.1:" + ports.get("httpPort").asInt();

        List<Process> nodes = new ArrayList<>();
        for (String org : List.of("Hospital A", "Hospital B", "Hospital C")) {
            Result enrol = run("hub", "enrol", "--data-dir", hubDir.toString(), "--org", org);
            assertThat(enrol.code).as(enrol.err).isZero();
            String nodeToken = enrol.out.trim();
            assertThat(nodeToken).startsWith("fedra1.");
            String name = "node-" + org.charAt(org.length() - 1);
            nodes.add(start(name, "node", "--hub", "localhost:" + grpcPort, "--token", nodeToken, "--data-dir", tmp.resolve(name).toString(),
                    "--inventory-interval", "1s"));
        }
        awaitNodes(api, token, list -> count(list, "online") == 3);
        assertEcho(api, token, 3);

        // Data into a running node (its database is shared in H2's auto-server mode), then into the hub's catalog.
        Path bundles = tmp.resolve("bundles");
        Result generated = run("node", "generate", "--patients", "40", "--seed", "3", "--out", bundles.toString());
        assertThat(generated.code).as(generated.err).isZero();
        Result imported = run("node", "import", "--data-dir", tmp.resolve("node-A").toString(), "--fhir", bundles.toString());
        assertThat(imported.code).as(imported.out + imported.err).isZero();
        assertThat(imported.out).contains("the node now holds 40 patients; 0 problems");
        awaitCatalog(api, token, 40);
        Result catalog = run("hub", "catalog", "--data-dir", hubDir.toString(), "--resource-type", "Patient");
        assertThat(catalog.code).as(catalog.err).isZero();
        assertThat(catalog.out).contains("(Hospital A)").containsPattern("Patient\\s+\\(all\\)\\s+40\\s+40");
        assertThat(Files.readString(tmp.resolve("node-A.out"))).contains("steward API at http://127.0.0.1:");

        // The hub goes away (SIGTERM) and comes back on the same ports: every node reconnects, no duplicates.
        hub.destroy();
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        JsonNode afterStop = JSON.readTree(Files.readString(hubDir.resolve("hub.json")));
        assertThat(afterStop.get("grpcPort").asInt()).isEqualTo(grpcPort);
        start("hub2", "hub", "--data-dir", hubDir.toString(), "--bind", "127.0.0.1");
        JsonNode list = awaitNodes(api, token, l -> count(l, "online") == 3);
        assertThat(list.size()).isEqualTo(3);
        assertEcho(api, token, 3);

        // Revocation: the node is disconnected at once, its process stops with exit code 4, and a restart is refused.
        String victim = list.get(0).get("id").asText();
        Path victimDir = nodeDirOf(victim);
        Result revoke = run("hub", "nodes", "revoke", victim, "--data-dir", hubDir.toString(), "--reason", "end-to-end test");
        assertThat(revoke.code).as(revoke.err).isZero();
        Process victimProcess = nodes.get(List.of("A", "B", "C").indexOf(victimDir.getFileName().toString().substring(5)));
        assertThat(victimProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(victimProcess.exitValue()).isEqualTo(4);
        assertThat(Files.readString(tmp.resolve(victimDir.getFileName() + ".err"))).contains("revoked");
        Result again = run("node", "--data-dir", victimDir.toString());
        assertThat(again.code).isEqualTo(4);
        assertThat(again.err).contains("revoked");
        JsonNode finalList = awaitNodes(api, token, l -> count(l, "online") == 2 && count(l, "revoked") == 1);
        assertThat(finalList.size()).isEqualTo(3);

        Result listed = run("hub", "nodes", "list", "--data-dir", hubDir.toString());
        assertThat(listed.out).contains("Hospital A", "Hospital B", "Hospital C", "revoked");

        // The audit logs of the hub and the revoked node verify; one changed byte is caught and named.
        Result verify = run("audit", "verify", "--data-dir", victimDir.toString());
        assertThat(verify.code).as(verify.out + verify.err).isZero();
        assertThat(verify.out).startsWith("OK ");
        byte[] log = Files.readAllBytes(victimDir.resolve("audit.log"));
        int secondLine = indexOf(log, (byte) '\n') + 1;
        log[secondLine + 30] ^= 0x01;
        Files.write(victimDir.resolve("audit.log"), log);
        Result tampered = run("audit", "verify", "--data-dir", victimDir.toString());
        assertThat(tampered.code).isEqualTo(1);
        assertThat(tampered.out).contains("entry 2");
    }

    private Path nodeDirOf(String nodeId) throws IOException {
        for (String n : List.of("A", "B", "C")) {
            Path d = tmp.resolve("node-" + n);
            if (Files.readString(d.resolve("node.json")).contains(nodeId)) {
                return d;
            }
        }
        throw new AssertionError("no node directory holds " + nodeId);
    }

    private void assertEcho(String api, String token, int expected) throws Exception {
        JsonNode r = post(api + "/api/tasks", token, JSON.createObjectNode().put("type", "echo").put("payload", "ping").put("deadlineSeconds", 30));
        JsonNode results = r.get("results");
        int ok = 0;
        for (JsonNode n : results) {
            if (n.get("ok").asBoolean() && "ping".equals(new String(Base64.getDecoder().decode(n.get("resultBase64").asText()), StandardCharsets.UTF_8))) {
                ok++;
            }
        }
        assertThat(ok).as(r.toString()).isEqualTo(expected);
    }

    private JsonNode awaitNodes(String api, String token, Predicate<JsonNode> done) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < end) {
            try {
                last = get(api + "/api/nodes", token);
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // the hub is (re)starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nodes did not reach the expected state; last seen: " + last);
    }

    /** Waits until the catalog shows Hospital A with {@code patients} patients (nodes publish every second when changed). */
    private void awaitCatalog(String api, String token, long patients) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = get(api + "/api/catalog?resourceType=Patient", token);
            for (JsonNode n : last) {
                if (n.get("organisation").asText().equals("Hospital A") && n.get("counts").size() == 1
                        && n.get("counts").get(0).get("patients").asLong() == patients) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the catalog did not show Hospital A's " + patients + " patients; last seen: " + last);
    }

    private static long count(JsonNode list, String status) {
        long c = 0;
        for (JsonNode n : list) {
            if (status.equals(n.get("status").asText())) {
                c++;
            }
        }
        return c;
    }

    private JsonNode awaitPorts(Path hubDir) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            Path f = hubDir.resolve("hub.json");
            if (Files.exists(f)) {
                JsonNode ports = JSON.readTree(Files.readString(f));
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("httpPort").asInt() + "/api/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return ports;
                } catch (IOException e) {
                    // not listening yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the hub did not start; stderr: " + Files.readString(tmp.resolve("hub.err")));
    }

    private JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private JsonNode post(String url, String token, JsonNode body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private Process start(String name, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(FedraJar.command(args)).redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private Result run(String... args) throws Exception {
        return FedraJar.run(tmp, processes, args);
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
