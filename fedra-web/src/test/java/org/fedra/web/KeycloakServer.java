package org.fedra.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Keycloak (from its distribution on Maven Central, unpacked by the build into {@code target/keycloak}) with the
 * test realm {@code fedra} imported from {@code keycloak/fedra-realm.json}: started once per test run on a free loopback
 * port ({@code start-dev}, in-memory database) and stopped when the run ends. Keycloak needs Java 21 or newer: the
 * newest JDK under {@code /usr/lib/jvm} (or {@code $KEYCLOAK_JAVA_HOME}) is used.
 */
public final class KeycloakServer implements ExtensionContext.Store.CloseableResource {
    public static final String REALM = "fedra";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static KeycloakServer running;

    private final Process process;
    private final int port;
    private final Path log;

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The server of this test run (started by the extension). */
    public static KeycloakServer get() {
        if (running == null) throw new IllegalStateException("annotate the test class with @ExtendWith(KeycloakServer.Shared.class)");
        return running;
    }

    /** {@code @ExtendWith(KeycloakServer.Shared.class)}: the test class gets the run's Keycloak, started on first use. */
    public static final class Shared implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            synchronized (KeycloakServer.class) {
                if (running == null) {
                    running = start();
                    // stopped when the whole test run ends, not after the first class
                    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(KeycloakServer.class.getName(), running);
                }
            }
        }
    }

    /** The issuer of the test realm, as browsers and the node reach it. */
    public String issuer() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    public static KeycloakServer start() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.5.2")).toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home + " (the build unpacks org.keycloak:keycloak-quarkus-dist there)");
        }
        Path javaHome = newestJdk(21).orElseThrow(() -> new IllegalStateException(
                "Keycloak needs Java 21 or newer and none was found under /usr/lib/jvm (or in KEYCLOAK_JAVA_HOME)"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/keycloak/fedra-realm.json")) {
            Files.copy(in, imports.resolve("fedra-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        int port = freePort();
        int management = freePort();
        Path log = home.resolve("keycloak-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm", "--db=dev-mem",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management, "--cache=local")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        pb.environment().remove("JAVA_OPTS");
        Process p = pb.start();
        KeycloakServer k = new KeycloakServer(p, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(k::close));
        k.awaitReady();
        return k;
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        Instant until = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak did not serve " + discovery + " within " + START_TIMEOUT + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The newest JDK of at least {@code feature} under /usr/lib/jvm, or $KEYCLOAK_JAVA_HOME when set. */
    public static Optional<Path> newestJdk(int feature) throws IOException {
        String configured = System.getenv("KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) return Optional.of(Path.of(configured));
        List<Path> candidates = new ArrayList<>();
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (Stream<Path> s = Files.list(jvm)) {
                s.filter(d -> Files.isExecutable(d.resolve("bin/java")) && majorVersion(d) >= feature).forEach(candidates::add);
            }
        }
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= feature) candidates.add(current);
        return candidates.stream().max(Comparator.comparingInt(KeycloakServer::majorVersion));
    }

    public static int majorVersion(Path jdk) {
        Properties release = new Properties();
        try (InputStream in = Files.newInputStream(jdk.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            return -1;
        }
        String v = release.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        try {
            return Integer.parseInt(v.startsWith("1.") ? v.substring(2, 3) : v.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
