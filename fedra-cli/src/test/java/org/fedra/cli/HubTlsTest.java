package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.HubDataDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 finding 10: the operator token crossed the network in clear, the hub's HTTP API being plain HTTP on
 * 0.0.0.0; finding 12: {@code --token} was visible in {@code ps}.
 */
class HubTlsTest {
    @TempDir
    Path tmp;
    private Hub hub;
    private Path hubDir;

    @BeforeEach
    void start() throws Exception {
        hubDir = tmp.resolve("hub");
        // TLS as on 0.0.0.0, but reachable only from this machine
        hub = Hub.start(HubConfig.defaults(hubDir).withBindAddress("127.0.0.1").withHttpSecurity(HubConfig.HttpSecurity.TLS));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void theApiSpeaksTlsUnlessBoundToLoopbackOrToldOtherwise() {
        assertThat(HubConfig.defaults(tmp).httpTls()).isTrue(); // 0.0.0.0
        assertThat(HubConfig.defaults(tmp).withBindAddress("10.1.2.3").httpTls()).isTrue();
        assertThat(HubConfig.defaults(tmp).withBindAddress("127.0.0.1").httpTls()).isFalse();
        assertThat(HubConfig.defaults(tmp).withHttpSecurity(HubConfig.HttpSecurity.PLAIN).httpTls()).isFalse();
        assertThat(hub.httpTls()).isTrue();
        assertThat(hub.apiUrl(List.of())).isEqualTo("https://127.0.0.1:" + hub.httpPort() + "/api");
    }

    @Test
    void aTokenSentInClearGetsNoAnswerFromTheApi() throws Exception {
        try (Socket s = new Socket("127.0.0.1", hub.httpPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/nodes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + hub.operatorToken()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer;
            try (InputStream in = s.getInputStream()) {
                answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException e) {
                answer = "";
            }
            assertThat(answer).doesNotContain("200 OK").doesNotContain("\"organisation\"");
        }
    }

    @Test
    void theCliVerifiesTheHubAgainstTheFederationCa() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("operator.token"), hub.operatorToken() + "\n");
        String url = "https://127.0.0.1:" + hub.httpPort();

        // from the hub's data directory: https, its CA, its token
        CliRun fromDir = CliRun.of("hub", "nodes", "list", "--data-dir", hubDir.toString());
        assertThat(fromDir.code()).as(fromDir.err()).isZero();

        // from another machine: the URL, the CA file and the token from a file
        CliRun remote = CliRun.of("hub", "nodes", "list", "--data-dir", tmp.resolve("nowhere").toString(), "--hub-url", url,
                "--ca", hubDir.resolve("ca-cert.pem").toString(), "--token-file", tokenFile.toString());
        assertThat(remote.code()).as(remote.err()).isZero();

        // a hub with a certificate of another CA (an impostor, or the wrong --ca) is refused before the token is sent
        Path otherDir = tmp.resolve("other-federation");
        HubDataDir.openOrCreate(otherDir, List.of(), Instant.now(), new SecureRandom());
        CliRun impostor = CliRun.of("hub", "nodes", "list", "--data-dir", tmp.resolve("nowhere").toString(), "--hub-url", url,
                "--ca", otherDir.resolve("ca-cert.pem").toString(), "--token-file", tokenFile.toString());
        assertThat(impostor.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(impostor.err()).contains("the hub at " + url + " is not the one expected: its certificate does not verify against the federation CA in "
                + otherDir.resolve("ca-cert.pem"));

        // plain http to a TLS port says what to do
        CliRun plain = CliRun.of("hub", "nodes", "list", "--data-dir", tmp.resolve("nowhere").toString(), "--hub-url", "http://127.0.0.1:" + hub.httpPort(),
                "--token-file", tokenFile.toString());
        assertThat(plain.code()).isNotZero();
        assertThat(plain.err()).doesNotContain(hub.operatorToken());
    }

    @Test
    void theTokenComesFromStandardInputOrAFileNotOnlyTheCommandLine() throws Exception {
        assertThat(OperatorToken.read("-", null, new ByteArrayInputStream("abc123\nrest".getBytes(StandardCharsets.UTF_8)))).isEqualTo("abc123");
        Path f = Files.writeString(tmp.resolve("t"), "  def456  \n");
        assertThat(OperatorToken.read(null, f, InputStream.nullInputStream())).isEqualTo("def456");
        assertThat(OperatorToken.read(null, null, InputStream.nullInputStream())).isNull();
        assertThatThrownBy(() -> OperatorToken.read("x", f, InputStream.nullInputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--token and --token-file: give one of them");
        assertThatThrownBy(() -> OperatorToken.read("-", null, new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--token - (standard input): no token (an empty first line)");
    }
}
