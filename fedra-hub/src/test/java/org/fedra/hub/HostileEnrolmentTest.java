package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.PinnedCaTrustManager;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.v1.EnrolRequest;
import org.fedra.protocol.v1.EnrolmentGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 7: the unauthenticated enrolment endpoint wrote a forged token's 60 KB id, control and bidi
 * characters and {@code <script>} included, verbatim into the signed audit log, one synced entry per attempt. The
 * attack is repeated here over real gRPC against a real hub.
 */
class HostileEnrolmentTest {
    /** 60 KB of what an attacker would like to see in a log or a terminal. */
    private static final String HOSTILE_ID = ("<script>alert(1)</script>\u202Egnp.exe\u0000\r\n2026-01-01 INFO node enrolled\u001b[31m\u200B").repeat(1000)
            .substring(0, 60_000);

    @TempDir
    Path tmp;
    private Hub hub;
    private ManagedChannel channel;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void hub() throws Exception {
        stderr = System.err;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8)); // the hub's SLF4J log lines
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1"));
        channel = NettyChannelBuilder.forTarget("localhost:" + hub.grpcPort())
                .sslContext(TlsContexts.enrolmentClient(new PinnedCaTrustManager(Certificates.fingerprint(hub.caCertificate())))).build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        if (hub != null) {
            hub.close();
        }
        System.setErr(stderr);
    }

    private String forgedToken(String id) {
        byte[] json = JsonCodec.MAPPER.createObjectNode().put("id", id).put("secret", "ab".repeat(32)).put("org", "Hospital A")
                .put("exp", 4_000_000_000L).put("ca", Certificates.fingerprint(hub.caCertificate())).toString().getBytes(StandardCharsets.UTF_8);
        return "fedra1." + Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    private StatusRuntimeException refused(String token, String version, byte[] csr) {
        try {
            EnrolmentGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20)).enrol(EnrolRequest.newBuilder().setToken(token)
                    .setSoftwareVersion(version).setCsrDer(ByteString.copyFrom(csr)).build());
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the hub accepted the enrolment");
    }

    private List<JsonNode> auditEntries() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve("hub").resolve(AuditLog.LOG_FILE))) {
            out.add(JsonCodec.MAPPER.readTree(line));
        }
        return out;
    }

    /** Bounded, and nothing that could forge a line or reorder what a terminal shows. */
    private static void assertSafe(String text, int maxLength) {
        assertThat(text.length()).isLessThanOrEqualTo(maxLength);
        text.codePoints().forEach(cp -> assertThat(Character.getType(cp)).as("U+%04X in %s", cp, text)
                .isNotIn((int) Character.CONTROL, (int) Character.FORMAT, (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR));
    }

    @Test
    void aForgedTokenWithA60KbHostileIdIsRefusedWithoutARepeatOfIt() throws Exception {
        int before = auditEntries().size();
        String token = forgedToken(HOSTILE_ID);
        assertThat(token.length()).isGreaterThan(60_000);

        StatusRuntimeException e = refused(token, "0.1.0", new byte[0]);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(e.getStatus().getDescription()).startsWith("malformed enrolment token: longer than 1024 characters");
        assertSafe(e.getStatus().getDescription(), 300);
        assertThat(e.getStatus().getDescription()).doesNotContain("script");

        // a short hostile id gets the same treatment: refused by its form, never repeated
        StatusRuntimeException shortId = refused(forgedToken("t-<script>\u202E\u0007\n"), "0.1.0", new byte[0]);
        assertThat(shortId.getStatus().getDescription()).isEqualTo("malformed enrolment token: its id is not of the form this hub issues");

        List<JsonNode> entries = auditEntries();
        assertThat(entries).hasSize(before + 1); // one entry for the address; the second refusal is counted for the summary
        JsonNode entry = entries.get(before);
        assertThat(entry.get("action").asText()).isEqualTo("enrolment.refused");
        assertThat(entry.get("actor").asText()).isEqualTo("anonymous:127.0.0.1");
        assertSafe(entry.get("detail").asText(), 300);
        assertThat(entry.get("detail").asText()).doesNotContain("script");
        assertThat(Files.size(tmp.resolve("hub").resolve(AuditLog.LOG_FILE))).isLessThan(20_000);
        String log = logged.toString(StandardCharsets.UTF_8);
        assertSafe(log.replace("\n", " "), 100_000);
        assertThat(log).doesNotContain("script").doesNotContain("node enrolled");
    }

    @Test
    void aFloodFromOneAddressIsRateLimitedAndAddsABoundedNumberOfEntries() throws Exception {
        int before = auditEntries().size();
        List<Status.Code> codes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            codes.add(refused(forgedToken("t-" + String.format("%016x", i)), "0.1.0", new byte[0]).getStatus().getCode());
        }
        assertThat(codes.subList(0, 10)).containsOnly(Status.Code.PERMISSION_DENIED);
        assertThat(codes.subList(10, 200)).containsOnly(Status.Code.RESOURCE_EXHAUSTED);

        // while limited, even a genuine token from that address waits: the limit does not look at tokens
        StatusRuntimeException genuine = refused(hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode(), "0.1.0", new byte[0]);
        assertThat(genuine.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(genuine.getStatus().getDescription()).matches("too many failed enrolments from 127\\.0\\.0\\.1; try again in \\d+ s");

        hub.close(); // summarises what was counted
        hub = null;
        List<JsonNode> added = auditEntries().subList(before, auditEntries().size());
        assertThat(added.stream().filter(e -> e.get("action").asText().equals("enrolment.refused"))).hasSize(1);
        assertThat(added.stream().filter(e -> e.get("action").asText().equals("enrolment.token-issued"))).hasSize(1);
        List<JsonNode> summaries = added.stream().filter(e -> e.get("action").asText().equals("enrolment.refusals-summarised")).toList();
        assertThat(summaries).isNotEmpty();
        // the burst is one alert (issue 15), not one per attempt
        assertThat(added.stream().filter(e -> e.get("action").asText().equals("security.alert"))).singleElement()
                .satisfies(e -> assertThat(e.get("detail").asText()).contains("ENROLMENT_BURST: 10 enrolments from 127.0.0.1 refused within PT10M"));
        assertThat(added).hasSize(2 + 1 + summaries.size() + 1); // and hub.stopped
        long counted = 0;
        long limited = 0;
        for (JsonNode s : summaries) {
            Matcher m = Pattern.compile("^(\\d+) enrolment attempts without an entry of their own since \\S+ \\((\\d+) refused, (\\d+) rate-limited\\)"
                    + " from 1 address: 127\\.0\\.0\\.1: ").matcher(s.get("detail").asText());
            assertThat(m.find()).as(s.get("detail").asText()).isTrue();
            counted += Long.parseLong(m.group(1));
            limited += Long.parseLong(m.group(3));
        }
        assertThat(counted).as("every attempt but the first is in a summary").isEqualTo(200);
        assertThat(limited).isEqualTo(191);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("enrolment from 127.0.0.1 refused 10 times within PT10M");
    }

    @Test
    void theSoftwareVersionOfAnEnrolmentIsCleanedAndBounded() throws Exception {
        KeyPair key = Certificates.newKeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=enrolling node"), key.getPublic())
                .build(new JcaContentSignerBuilder(Certificates.SIGNATURE_ALGORITHM).build(key.getPrivate())).getEncoded();
        String token = hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode();
        String node = EnrolmentGrpc.newBlockingStub(channel).enrol(EnrolRequest.newBuilder().setToken(token).setSoftwareVersion(HOSTILE_ID)
                .setCsrDer(ByteString.copyFrom(csr)).build()).getNodeId();
        String version = hub.nodes().find(node).orElseThrow().softwareVersion();
        assertSafe(version, 64);
        assertThat(version).startsWith("<script>alert(1)</script>\uFFFDgnp.exe\uFFFD\uFFFD\uFFFD2026-01-01 INFO").endsWith("\u2026");
    }

    @Test
    void aCsrThatIsNotOneIsRefusedWithABoundedCleanReason() {
        String token = hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode();
        byte[] junk = (HOSTILE_ID.substring(0, 2000)).getBytes(StandardCharsets.UTF_8);
        StatusRuntimeException e = refused(token, "0.1.0", junk);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(e.getStatus().getDescription()).startsWith("not a valid PKCS#10 certificate signing request");
        assertSafe(e.getStatus().getDescription(), 300);
    }
}
