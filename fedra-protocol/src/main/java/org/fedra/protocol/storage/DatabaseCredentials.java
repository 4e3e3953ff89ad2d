package org.fedra.protocol.storage;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secrets of an embedded database: the key its file is encrypted with and the password of its one user. Both are
 * random, generated at a hub's or node's first start and kept with its other data keys (an owner-only file); neither
 * is ever typed by a person.
 *
 * @param fileKey  the H2 file password (the AES key's source), 64 hex digits
 * @param password the database user's password, 64 hex digits
 */
public record DatabaseCredentials(String fileKey, String password) {
    private static final int BYTES = 32;

    public DatabaseCredentials {
        requireHex("fileKey", fileKey);
        requireHex("password", password);
    }

    /** New random credentials. */
    public static DatabaseCredentials random(SecureRandom random) {
        byte[] key = new byte[BYTES];
        byte[] password = new byte[BYTES];
        random.nextBytes(key);
        random.nextBytes(password);
        return new DatabaseCredentials(HexFormat.of().formatHex(key), HexFormat.of().formatHex(password));
    }

    private static void requireHex(String field, String value) {
        if (value == null || value.length() != 2 * BYTES || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(field + " must be " + 2 * BYTES + " hex digits");
        }
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[hidden]";
    }
}
