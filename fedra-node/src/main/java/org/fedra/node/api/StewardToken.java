package org.fedra.node.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;

/** The bearer token of the node's data steward, in {@code steward.token} (owner-only) of the data directory. */
public final class StewardToken {
    /** File name in the data directory. */
    public static final String FILE = "steward.token";

    private StewardToken() {}

    /** The token of {@code dataDir}, created on first use. */
    public static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            try {
                String t = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!t.matches("[0-9a-f]{64}")) {
                    throw new CorruptFileException(file, "does not hold a token (64 hex digits)");
                }
                return t;
            } catch (IOException e) {
                throw new CorruptFileException(file, "cannot be read: " + e.getMessage(), e);
            }
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String t = HexFormat.of().formatHex(secret);
        Pem.writeAtomically(file, t.getBytes(StandardCharsets.US_ASCII), true);
        return t;
    }
}
