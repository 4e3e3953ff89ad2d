package org.fedra.node.api;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.fedra.protocol.pki.CorruptFileException;

/**
 * Where a running node's steward API listens, in {@code api.json} of its data directory: the steward's CLI commands
 * ({@code fedra node approvals ...}) read it, with the steward token, to reach the node they administer.
 */
public final class ApiEndpoint {
    public static final String FILE = "api.json";
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    private ApiEndpoint() {}

    static void record(Path dataDir, String bind, int port) {
        String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind.equals("::") ? "[::1]" : bind.contains(":") ? "[" + bind + "]" : bind;
        try {
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, JSON.createObjectNode().put("url", "http://" + host + ":" + port).toString());
            Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the API address in " + dataDir.resolve(FILE), e);
        }
    }

    /** The port of the node API last started on {@code dataDir}, if one was recorded. */
    public static java.util.OptionalInt previousPort(Path dataDir) {
        try {
            String url = JSON.readTree(dataDir.resolve(FILE).toFile()).path("url").asText("");
            int colon = url.lastIndexOf(':');
            return colon < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(Integer.parseInt(url.substring(colon + 1)));
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** The base URL of the node API last started on {@code dataDir}. */
    public static String url(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new CorruptFileException(f, "does not exist: is the node running with its API (fedra node --data-dir " + dataDir + ")?");
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (!n.path("url").isTextual()) {
                throw new CorruptFileException(f, "has no \"url\"");
            }
            return n.get("url").asText();
        } catch (IOException e) {
            throw new CorruptFileException(f, "is not valid JSON: " + e.getMessage(), e);
        }
    }
}
