package org.fedra.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fedra.it.FedraJar.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's acceptance, with the built {@code fedra.jar} as OS processes: a hub and three nodes, each node reporting
 * the packages of its own dpkg database (written by the test in dpkg's status format, read by the real
 * {@code dpkg-query}). An OSV feed entry matching one node's glibc lowers its index to the value of DESIGN section 6's
 * formula (computed here from the same inputs) and every other index changes as the formula says; the node falls
 * below the study's minimum and is quarantined; the study runs on the other two; the node's steward records a
 * remediation with {@code fedra node remediation add}; the index recovers, the node rejoins, and both sides audited
 * every change.
 */
class ContinuousTrustEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The real Debian advisories' packages and fixed versions; the CVSS vectors of NVD (7.5 and 7.8). */
    private static final String FEED = """
            [
              {"schema_version": "1.6.0", "id": "DEBIAN-CVE-2023-5363", "modified": "2024-01-10T00:00:00Z",
               "aliases": ["CVE-2023-5363"], "summary": "openssl: incorrect cipher key and IV length processing",
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
               "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}]},
              {"schema_version": "1.6.0", "id": "DEBIAN-CVE-2023-4911", "modified": "2024-01-10T00:00:00Z",
               "aliases": ["CVE-2023-4911"], "summary": "glibc: buffer overflow in ld.so (Looney Tunables)",
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}],
               "affected": [{"package": {"ecosystem": "Debian:12", "name": "glibc"},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u3"}]}]}]}
            ]
            """;
    /** Published base scores of the two vectors (NVD), the formula's CVSS_i. */
    private static final double CVSS_OPENSSL = 7.5;
    private static final double CVSS_GLIBC = 7.8;

    @TempDir
    Path tmp;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aFeedEntryQuarantinesOneNodeTheStudyRunsOnTheOthersAndTheStewardsRemediationBringsItBack() throws Exception {
        assertThat(FedraJar.JAR).as("the shaded jar (built by the fedra-cli module)").exists();
        Path hubDir = tmp.resolve("hub");
        start("hub", "hub", "--data-dir", hubDir.toString(), "--bind", "127.0.0.1");
        JsonNode ports = awaitPorts(hubDir);
        String token = Files.readString(hubDir.resolve("operator.token")).trim();
        String api = "http://127.0.0.1:" + ports.get("httpPort").asInt();

        // A: openssl before the fix; B: glibc before the fix; C: both fixed
        Map<String, String[]> hosts = new TreeMap<>(Map.of(
                "A", new String[] {"3.0.9-1", "2.36-9+deb12u3"},
                "B", new String[] {"3.0.11-1~deb12u2", "2.36-9+deb12u1"},
                "C", new String[] {"3.0.11-1~deb12u2", "2.36-9+deb12u3"}));
        Map<String, String> ids = new TreeMap<>();
        Path bundles = tmp.resolve("bundles");
        Result generated = run("node", "generate", "--patients", "40", "--seed", "5", "--out", bundles.toString());
        assertThat(generated.code).as(generated.err).isZero();
        for (var h : hosts.entrySet()) {
            Path dpkg = dpkgDatabase(h.getKey(), h.getValue()[0], h.getValue()[1]);
            Result enrol = run("hub", "enrol", "--data-dir", hubDir.toString(), "--org", "Hospital " + h.getKey());
            assertThat(enrol.code).as(enrol.err).isZero();
            Path dir = tmp.resolve("node-" + h.getKey());
            start("node-" + h.getKey(), "node", "--hub", "localhost:" + ports.get("grpcPort").asInt(), "--token", enrol.out.trim(), "--data-dir",
                    dir.toString(), "--dpkg-admindir", dpkg.toString());
            awaitFile(dir.resolve("api.json"));
            ids.put(h.getKey(), JSON.readTree(Files.readString(dir.resolve("node.json"))).get("nodeId").asText());
            Result imported = run("node", "import", "--data-dir", dir.toString(), "--fhir", bundles.toString());
            assertThat(imported.code).as(imported.out + imported.err).isZero();
        }
        String a = ids.get("A");
        String b = ids.get("B");
        String c = ids.get("C");
        // every node's posture arrived: no feed yet, every index 100
        JsonNode before = await(() -> get(api + "/api/security", token), s -> indices(s).keySet().containsAll(ids.values()));
        assertThat(indices(before)).containsEntry(a, 100.0).containsEntry(b, 100.0).containsEntry(c, 100.0);

        Result study = run("study", "create", "--data-dir", hubDir.toString(), "--title", "Hypertension", "--org", "uni-research", "--node", a,
                "--node", b, "--node", c, "--analysis", "feasibility", "--allow-partial", "--min-index", "50");
        assertThat(study.code).as(study.out + study.err).isZero();
        assertThat(study.out).contains("minimum security index 50.0");
        String studyId = get(api + "/api/studies", token).get(0).get("id").asText();

        Path feed = tmp.resolve("feed.json");
        Files.writeString(feed, FEED);
        Result imported = run("hub", "security", "feed", "import", feed.toString(), "--data-dir", hubDir.toString());
        assertThat(imported.code).as(imported.out + imported.err).isZero();

        // DESIGN section 6 from the same inputs: P_ij = (alpha * CVSS/10 / RE) / sum(alpha * CVSS/10), SI_j = (1 - P_j) * 100
        double total = CVSS_OPENSSL / 10 + CVSS_GLIBC / 10;
        double siA = (1 - (CVSS_OPENSSL / 10) / total) * 100;
        double siB = (1 - (CVSS_GLIBC / 10) / total) * 100;
        Map<String, Double> after = indices(get(api + "/api/security", token));
        assertThat(after.get(a)).isCloseTo(siA, within(1e-9));
        assertThat(after.get(b)).isCloseTo(siB, within(1e-9));
        assertThat(after.get(c)).isEqualTo(100.0);
        assertThat(siB).isLessThan(50).isGreaterThan(49);
        assertThat(siA).isGreaterThan(50);

        // B (49.02) is below the study's minimum of 50: quarantined from the study, named with the reason
        Result quarantined = run("hub", "security", "quarantine", "--data-dir", hubDir.toString());
        assertThat(quarantined.out).contains(b).contains(studyId).contains("security index 49.02 is below study " + studyId + "'s minimum of 50");
        Result shown = run("study", "show", studyId, "--data-dir", hubDir.toString());
        assertThat(shown.out).containsPattern(b + "\\s+accepted, quarantined\\s+quarantined from study " + studyId);

        JsonNode first = feasibility(api, token, studyId);
        assertThat(nodes(first.get("nodes"))).containsExactlyInAnyOrder(a, c);
        assertThat(first.get("notAnswered")).singleElement().satisfies(n -> {
            assertThat(n.get("node").asText()).isEqualTo(b);
            assertThat(n.get("reason").asText()).startsWith("quarantined from study " + studyId + ": node " + b + "'s security index 49.02");
        });

        // B's steward: a compensating control worth RE = 3
        Result declared = run("node", "remediation", "add", "--data-dir", tmp.resolve("node-B").toString(), "--vulnerability", "CVE-2023-4911",
                "--kind", "COMPENSATING_CONTROL", "--level", "3", "--note", "no local shell accounts", "--steward", "dr-b");
        assertThat(declared.code).as(declared.out + declared.err).isZero();
        assertThat(declared.out).contains("CVE-2023-4911").contains("COMPENSATING_CONTROL");
        double siBRemediated = (1 - (CVSS_GLIBC / 10 / 3) / total) * 100;
        JsonNode recovered = await(() -> get(api + "/api/security/quarantine", token), q -> q.get("quarantined").isEmpty());
        assertThat(recovered.get("quarantined")).isEmpty();
        Map<String, Double> afterRemediation = indices(get(api + "/api/security", token));
        assertThat(afterRemediation.get(b)).isCloseTo(siBRemediated, within(1e-9));
        assertThat(afterRemediation.get(a)).isCloseTo(siA, within(1e-9));
        assertThat(afterRemediation.get(c)).isEqualTo(100.0);

        JsonNode second = feasibility(api, token, studyId);
        assertThat(nodes(second.get("nodes"))).containsExactlyInAnyOrder(a, b, c);

        // audited on both sides, and both logs verify
        assertThat(lines(hubDir, "\"node.quarantined\"")).singleElement().asString().contains(b);
        assertThat(lines(hubDir, "\"node.released\"")).singleElement().asString().contains(b);
        Path nodeB = tmp.resolve("node-B");
        await(() -> JSON.createObjectNode(), x -> lines(nodeB, "\"node.released\"").size() == 1);
        assertThat(lines(nodeB, "\"node.quarantined\"")).singleElement().asString().contains(studyId);
        assertThat(lines(nodeB, "\"remediation.declared\"")).singleElement().asString().contains("CVE-2023-4911").contains("dr-b");
        assertThat(lines(tmp.resolve("node-A"), "\"node.quarantined\"")).isEmpty();
        for (Path d : List.of(hubDir, nodeB)) {
            Result verify = run("audit", "verify", "--data-dir", d.toString());
            assertThat(verify.code).as(verify.out + verify.err).isZero();
        }
    }

    /** A dpkg status file with the two packages at the given versions (and their source packages). */
    private Path dpkgDatabase(String host, String openssl, String glibc) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dpkg-" + host));
        Files.writeString(dir.resolve("status"), """
                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Source: glibc
                Version: %s
                Description: GNU C Library: Shared libraries

                Package: libssl3
                Status: install ok installed
                Architecture: amd64
                Source: openssl
                Version: %s
                Description: Secure Sockets Layer toolkit - shared libraries
                """.formatted(glibc, openssl));
        return dir;
    }

    private static Map<String, Double> indices(JsonNode security) {
        Map<String, Double> out = new TreeMap<>();
        security.forEach(n -> out.put(n.get("node").asText(), n.get("index").asDouble()));
        return out;
    }

    private static List<String> nodes(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("node").asText()));
        return out;
    }

    private JsonNode feasibility(String api, String token, String study) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/studies/" + study + "/feasibility"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": {\"age\": {\"min\": 18}}, \"referenceDate\": \"2026-01-01\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> lines(Path dir, String action) {
        try {
            return Files.readAllLines(dir.resolve("audit.log")).stream().filter(l -> l.contains(action)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Poll {
        JsonNode get() throws Exception;
    }

    private static JsonNode await(Poll poll, Predicate<JsonNode> done) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < end) {
            try {
                last = poll.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not answering yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within 90 s; last seen: " + last);
    }

    private static void awaitFile(Path f) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(f)) {
            assertThat(System.nanoTime()).as(f + " within 90 s").isLessThan(end);
            Thread.sleep(200);
        }
    }

    private JsonNode awaitPorts(Path hubDir) throws Exception {
        return await(() -> {
            Path f = hubDir.resolve("hub.json");
            if (!Files.exists(f)) {
                return null;
            }
            JsonNode ports = JSON.readTree(Files.readString(f));
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("httpPort").asInt() + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return ports;
        }, p -> p != null);
    }

    private JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void start(String name, String... args) throws IOException {
        Process p = new ProcessBuilder(FedraJar.command(args)).redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile()).start();
        processes.add(p);
    }

    private Result run(String... args) throws Exception {
        return FedraJar.run(tmp, processes, args);
    }
}
