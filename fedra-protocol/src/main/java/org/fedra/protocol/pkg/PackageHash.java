package org.fedra.protocol.pkg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * The identity of a package: SHA-256 over its canonical form, written {@code sha256:<64 hex digits>}. A steward approves
 * this value; a package whose content differs by one byte has another hash and is another package.
 *
 * <p>The canonical form (version 1) is the UTF-8 text
 * <pre>
 * fedra-package-v1\n
 * then, for every file in ascending order of its path:
 * &lt;path&gt;\n&lt;size in bytes, decimal&gt;\n&lt;SHA-256 of the content, 64 lower-case hex digits&gt;\n
 * </pre>
 * where a path is relative to the package root with {@code /} between its parts. Only regular files count: directories
 * (so also empty ones), file modes, owners and timestamps are not part of it, and a package may hold no links or other
 * special files ({@link AnalysisPackage} refuses them). A directory and the archive built from it therefore have the
 * same hash, on any machine.
 */
public record PackageHash(String value) {
    private static final Pattern FORM = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String HEADER = "fedra-package-v1\n";

    public PackageHash {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a package hash is sha256: and 64 lower-case hex digits, was " + value);
        }
    }

    /** Parses {@code sha256:...}; a malformed one is bad input naming {@code what}. */
    public static PackageHash parse(String text, String what) {
        try {
            return new PackageHash(text == null ? null : text.trim());
        } catch (IllegalArgumentException e) {
            throw new PackageException(what, e.getMessage());
        }
    }

    /** The hash of files keyed by path, in the canonical order (the map's order must be ascending path order). */
    public static PackageHash of(SortedMap<String, byte[]> files) {
        MessageDigest listing = sha256();
        listing.update(HEADER.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String line = f.getKey() + "\n" + f.getValue().length + "\n" + HexFormat.of().formatHex(sha256().digest(f.getValue())) + "\n";
            listing.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return new PackageHash("sha256:" + HexFormat.of().formatHex(listing.digest()));
    }

    /** The first 12 hex digits, for people to compare at a glance (never for a decision). */
    public String shortForm() {
        return value.substring(7, 19);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
