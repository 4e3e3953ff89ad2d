package org.fedra.node.linkage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.pki.CorruptFileException;

/**
 * What a node needs for record linkage, kept in its data directory: the federation linkage key (file
 * {@value #KEY_FILE}: the key in base64 on one line, at least {@value #MIN_KEY_BYTES} bytes, readable by the node's
 * owner only) and the identifier system whose values link patients across hospitals (file {@value #SYSTEM_FILE},
 * one line; default {@link SyntheticCohort#NATIONAL_ID_SYSTEM}).
 *
 * <p>The hospitals of a federation share the key out of band (one generates it, the others import it); the hub
 * never has it. Without it no one can test a guessed identifier against blinded values.
 */
public final class LinkageSettings {
    public static final String KEY_FILE = "linkage-key";
    public static final String SYSTEM_FILE = "linkage-system";
    public static final int MIN_KEY_BYTES = 32;
    /** The linkage identifier system when the node names none. */
    public static final String DEFAULT_SYSTEM = SyntheticCohort.NATIONAL_ID_SYSTEM;

    private final byte[] key;
    private final String system;

    private LinkageSettings(byte[] key, String system) {
        this.key = key;
        this.system = system;
    }

    /** The key (a copy). */
    public byte[] key() {
        return key.clone();
    }

    /** The identifier system linkage uses. */
    public String system() {
        return system;
    }

    /**
     * The node's linkage settings, or empty when it holds no linkage key.
     *
     * @throws CorruptFileException the key or system file exists but is damaged
     */
    public static Optional<LinkageSettings> load(Path dataDir) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (!Files.isRegularFile(keyFile)) {
            return Optional.empty();
        }
        byte[] key = decodeKey(keyFile, read(keyFile));
        Path systemFile = dataDir.resolve(SYSTEM_FILE);
        String system = DEFAULT_SYSTEM;
        if (Files.isRegularFile(systemFile)) {
            system = read(systemFile).strip();
            if (system.isEmpty() || system.contains("|")) {
                throw new CorruptFileException(systemFile, "must hold one identifier system URI (no '|'), found '" + system + "'");
            }
        }
        return Optional.of(new LinkageSettings(key, system));
    }

    /**
     * The node's settings for a linkage task.
     *
     * @throws IllegalStateException the node has no linkage key; the message says how to give it one
     */
    public static LinkageSettings require(Path dataDir, String nodeId) {
        return load(dataDir).orElseThrow(() -> missing(nodeId));
    }

    /** The error of a node without a linkage key; the message says how to give it one. */
    public static IllegalStateException missing(String nodeId) {
        return new IllegalStateException("node " + nodeId + " has no federation linkage key (" + KEY_FILE
                + " in its data directory); import the federation's key with 'fedra node linkage-key --import FILE'");
    }

    /** A new random federation linkage key, base64, for one hospital to generate and share with the others. */
    public static String generateKey(SecureRandom random) {
        byte[] k = new byte[MIN_KEY_BYTES];
        random.nextBytes(k);
        String encoded = Base64.getEncoder().encodeToString(k);
        Arrays.fill(k, (byte) 0);
        return encoded;
    }

    /**
     * Stores the key read from {@code keyFile} (base64, one line) as the node's linkage key, replacing any earlier one.
     *
     * @throws CorruptFileException the file is missing or does not hold a base64 key of at least {@value #MIN_KEY_BYTES} bytes
     */
    public static void importKey(Path dataDir, Path keyFile) {
        if (!Files.isRegularFile(keyFile)) {
            throw new CorruptFileException(keyFile, "does not exist or is not a file");
        }
        String text = read(keyFile).strip();
        decodeKey(keyFile, text);
        writePrivately(dataDir.resolve(KEY_FILE), text + "\n");
    }

    /**
     * Sets the identifier system linkage uses.
     *
     * @throws IllegalArgumentException the system is blank or contains '|'
     */
    public static void writeSystem(Path dataDir, String system) {
        if (system == null || system.isBlank() || system.contains("|") || system.strip().contains("\n")) {
            throw new IllegalArgumentException("the linkage identifier system must be one URI without '|', got '" + system + "'");
        }
        writePrivately(dataDir.resolve(SYSTEM_FILE), system.strip() + "\n");
    }

    private static byte[] decodeKey(Path file, String text) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, "must hold the linkage key in base64 on one line: " + e.getMessage(), e);
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new CorruptFileException(file, "holds a linkage key of " + key.length + " bytes; at least " + MIN_KEY_BYTES + " are needed");
        }
        return key;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CorruptFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static void writePrivately(Path target, String content) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
