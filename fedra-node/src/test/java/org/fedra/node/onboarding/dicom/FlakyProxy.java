package org.fedra.node.onboarding.dicom;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of Orthanc that drops connections (the client sees a network failure) once a given
 * number of instance files went through, until it is healed: Orthanc going away in the middle of an import.
 */
final class FlakyProxy implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger filesLeft = new AtomicInteger(Integer.MAX_VALUE);
    final URI url;

    FlakyProxy(URI target) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            boolean file = path.endsWith("/file");
            if (filesLeft.get() <= 0 || (file && filesLeft.getAndDecrement() <= 0)) {
                exchange.close(); // no response at all: a dropped connection
                return;
            }
            try {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(target.resolve(path.substring(1)))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                if (r.body().length > 0) exchange.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void failAfterFiles(int n) {
        filesLeft.set(n);
    }

    void heal() {
        filesLeft.set(Integer.MAX_VALUE);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
