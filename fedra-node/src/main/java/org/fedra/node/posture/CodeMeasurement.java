package org.fedra.node.posture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SHA-256 of the code the node runs: of its jar file, or, when run from a class directory (development, tests),
 * of that directory's files (each file's relative path and content, in path order), stated as such.
 *
 * @param sha256   hex digest
 * @param measured {@code "jar <file>"} or {@code "classes <directory>"}
 */
public record CodeMeasurement(String sha256, String measured) {
    /** Measures the code source of {@code type} (the node's own classes). */
    public static CodeMeasurement of(Class<?> type) {
        Path location;
        try {
            location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return new CodeMeasurement("", "unknown (" + e.getMessage() + ")");
        }
        try {
            if (Files.isDirectory(location)) {
                return new CodeMeasurement(directoryDigest(location), "classes " + location);
            }
            return new CodeMeasurement(fileDigest(location), "jar " + location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + location, e);
        }
    }

    static String fileDigest(Path file) throws IOException {
        MessageDigest md = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String directoryDigest(Path dir) throws IOException {
        MessageDigest md = newDigest();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            md.update(dir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
