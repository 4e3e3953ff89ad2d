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
import org.fedra.protocol.storage.DatabaseCredentials;

/**
 * The node's data keys, in one owner-only file {@code data-keys.json} of its data directory: the HMAC key for
 * pseudonyms, the AES key of the object store and the embedded database's credentials (its file key and its user's
 * password; a file of an earlier version without them gets new ones, written before the database is upgraded). Created once, on the first start or import; never leaves the
 * node. Losing it makes stored objects unreadable and new pseudonyms differ from old ones, so a damaged file
 * is refused and never replaced.
 *
 * @param pseudonymKey 32 bytes for the keyed hash of identifiers
 * @param objectKey    AES-256 key for the object store
 * @param database     the key the database file is encrypted with and its user's password
 */
public record NodeDataKeys(byte[] pseudonymKey, SecretKey objectKey, DatabaseCredentials database) {
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
            return load(file, random);
        }
        byte[] pseudonym = new byte[KEY_BYTES];
        byte[] object = new byte[KEY_BYTES];
        random.nextBytes(pseudonym);
        random.nextBytes(object);
        NodeDataKeys keys = new NodeDataKeys(pseudonym, new SecretKeySpec(object, "AES"), DatabaseCredentials.random(random));
        keys.write(file);
        return keys;
    }

    private void write(Path file) {
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] content;
        try {
            content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.createObjectNode()
                    .put("pseudonymKey", b64.encodeToString(pseudonymKey)).put("objectKey", b64.encodeToString(objectKey.getEncoded()))
                    .put("databaseKey", database.fileKey()).put("databasePassword", database.password()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Pem.writeAtomically(file, content, true);
    }

    private static NodeDataKeys load(Path file, SecureRandom random) {
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CorruptFileException(file, "is not readable JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new CorruptFileException(file, "is not a JSON object with pseudonymKey and objectKey");
        }
        byte[] pseudonym = key(file, o, "pseudonymKey");
        SecretKey object = new SecretKeySpec(key(file, o, "objectKey"), "AES");
        if (!o.has("databaseKey") && !o.has("databasePassword")) {
            // a data directory of an earlier version: its database is encrypted on the next opening with keys kept here first
            NodeDataKeys upgraded = new NodeDataKeys(pseudonym, object, DatabaseCredentials.random(random));
            upgraded.write(file);
            return upgraded;
        }
        DatabaseCredentials database;
        try {
            database = new DatabaseCredentials(o.path("databaseKey").asText(null), o.path("databasePassword").asText(null));
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, e.getMessage());
        }
        return new NodeDataKeys(pseudonym, object, database);
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
