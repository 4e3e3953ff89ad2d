package org.fedra.node;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;

/**
 * The node's data keys, in one owner-only file {@code data-keys.json} of its data directory: the HMAC key for
 * pseudonyms and the AES key of the object store. Created once, on the first start or import; never leaves the
 * node. Losing it makes stored objects unreadable and new pseudonyms differ from old ones, so a damaged file
 * is refused and never replaced.
 *
 * @param pseudonymKey 32 bytes for the keyed hash of identifiers
 * @param objectKey    AES-256 key for the object store
 */
public record NodeDataKeys(byte[] pseudonymKey, SecretKey objectKey) {
    /** File name in the data directory. */
    public static final String FILE = "data-keys.json";
    private static final int KEY_BYTES = 32;
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    /**
     * Reads the keys of {@code dataDir}, or creates them (atomically, mode 600) when the file does not exist.
     *
     * @throws CorruptFileException the file exists but is not a valid key file (it is left as it is)
     */
    public static NodeDataKeys loadOrCreate(Path dataDir, SecureRandom random) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new CorruptFileException(dataDir, "is not a directory");
        }
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return load(file);
        }
        byte[] pseudonym = new byte[KEY_BYTES];
        byte[] object = new byte[KEY_BYTES];
        random.nextBytes(pseudonym);
        random.nextBytes(object);
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] content;
        try {
            content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.createObjectNode()
                    .put("pseudonymKey", b64.encodeToString(pseudonym)).put("objectKey", b64.encodeToString(object)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Pem.writeAtomically(file, content, true);
        return new NodeDataKeys(pseudonym, new SecretKeySpec(object, "AES"));
    }

    private static NodeDataKeys load(Path file) {
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CorruptFileException(file, "is not readable JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new CorruptFileException(file, "is not a JSON object with pseudonymKey and objectKey");
        }
        return new NodeDataKeys(key(file, o, "pseudonymKey"), new SecretKeySpec(key(file, o, "objectKey"), "AES"));
    }

    private static byte[] key(Path file, JsonNode o, String field) {
        if (!o.path(field).isTextual()) {
            throw new CorruptFileException(file, "lacks " + field);
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(o.get(field).asText());
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, field + " is not base64: " + e.getMessage());
        }
        if (k.length != KEY_BYTES) {
            throw new CorruptFileException(file, field + " has " + k.length + " bytes, expected " + KEY_BYTES);
        }
        return k;
    }
}
