package org.fedra.node.onboarding.dicom;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real Orthanc (Debian package {@code orthanc}) started for a test on free ports with its own storage. */
final class OrthancServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    private final Process process;
    final URI url;

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    OrthancServer(Path dir) throws Exception {
        int http = freePort(), dicom = freePort();
        Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, """
                {"Name": "fedra-test", "HttpPort": %d, "DicomPort": %d, "DicomServerEnabled": false,
                 "StorageDirectory": "%s", "IndexDirectory": "%s", "RemoteAccessAllowed": false,
                 "AuthenticationEnabled": false, "StorageCompression": false, "Plugins": []}
                """.formatted(http, dicom, dir.resolve("storage"), dir.resolve("storage")));
        process = new ProcessBuilder(BINARY.toString(), config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.log").toFile()).start();
        url = URI.create("http://127.0.0.1:" + http + "/");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(url.resolve("system")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) break;
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Orthanc did not start; see " + dir.resolve("orthanc.log") + ":\n"
                        + Files.readString(dir.resolve("orthanc.log")));
            }
            Thread.sleep(100);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
