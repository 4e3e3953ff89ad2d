package org.fedra.protocol.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A package as its files: read from a directory or a zip archive, checked (a valid manifest, an entry point that exists,
 * nothing but regular files with portable names, bounded size) and identified by its {@link PackageHash}. The content is
 * held in memory, so what a node hashes, approves and runs is one and the same set of bytes.
 */
public final class AnalysisPackage {
    /** Most bytes a package may hold in all. Code is small; data never travels in a package. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    /** Most files a package may hold. */
    public static final int MAX_FILES = 10_000;
    /**
     * A path part: letters, digits and {@code . _ + -}, not {@code .} or {@code ..}. Paths are ASCII, so their order is the
     * same as the order of their bytes on every machine.
     */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._+-]{1,255}");
    /** Zip entries get this time (the earliest a zip can say) so that an archive built twice is the same bytes. */
    private static final long ZIP_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0).atZone(java.time.ZoneId.systemDefault())
            .toInstant().toEpochMilli();

    private final SortedMap<String, byte[]> files;
    private final PackageManifest manifest;
    private final PackageHash hash;

    private AnalysisPackage(SortedMap<String, byte[]> files) {
        this.files = files;
        byte[] m = files.get(PackageManifest.FILE);
        if (m == null) throw new PackageException(PackageManifest.FILE, "is missing: every package has a manifest.json at its root");
        this.manifest = PackageManifest.parse(m);
        if (!files.containsKey(manifest.entryPoint())) {
            throw new PackageException(PackageManifest.FILE + " $.entryPoint", "\"" + manifest.entryPoint() + "\" is not a file of the package");
        }
        this.hash = PackageHash.of(files);
    }

    /** A package from files keyed by path (for tests and tools that build packages in memory). */
    public static AnalysisPackage of(java.util.Map<String, byte[]> files) {
        SortedMap<String, byte[]> sorted = new TreeMap<>();
        long total = 0;
        for (var e : files.entrySet()) {
            checkPath(e.getKey());
            total += e.getValue().length;
            sorted.put(e.getKey(), e.getValue().clone());
        }
        checkBounds(sorted.size(), total, "the package");
        return new AnalysisPackage(sorted);
    }

    /** Reads a package directory or a zip archive ({@code fedra package build} makes one). */
    public static AnalysisPackage open(Path path) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return fromDirectory(path);
        if (Files.isRegularFile(path)) return fromArchive(path);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) throw new PackageException(path.toString(), "does not exist");
        throw new PackageException(path.toString(), "is neither a package directory nor a package archive");
    }

    /** Reads every regular file under {@code dir}; a link or special file is refused, naming it. */
    public static AnalysisPackage fromDirectory(Path dir) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(dir)) continue;
                String rel = relative(dir, p);
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    checkPath(rel);
                    continue;
                }
                if (a.isSymbolicLink()) throw new PackageException(rel, "is a symbolic link; a package holds regular files only");
                if (!a.isRegularFile()) throw new PackageException(rel, "is not a regular file; a package holds regular files only");
                checkPath(rel);
                total += a.size();
                checkBounds(files.size() + 1, total, dir.toString());
                files.put(rel, Files.readAllBytes(p));
            }
        } catch (NoSuchFileException e) {
            throw new PackageException(dir.toString(), "does not exist");
        } catch (IOException e) {
            throw new PackageException(dir.toString(), "cannot be read: " + e.getMessage());
        }
        return new AnalysisPackage(files);
    }

    /** Reads a zip archive; directory entries are skipped, a path that leaves the package or repeats is refused. */
    public static AnalysisPackage fromArchive(Path archive) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        long total = 0;
        String where = archive.toString();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive))) {
            boolean any = false;
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                any = true;
                String name = e.getName();
                if (e.isDirectory()) {
                    checkPath(where + "!" + name, name.substring(0, name.length() - 1));
                    continue;
                }
                checkPath(where + "!" + name, name);
                if (files.containsKey(name)) throw new PackageException(where + "!" + name, "appears twice in the archive");
                byte[] content = readBounded(in, MAX_BYTES - total, where);
                total += content.length;
                checkBounds(files.size() + 1, total, where);
                files.put(name, content);
            }
            if (!any) throw new PackageException(where, "is not a package archive (not a zip file, or an empty one)");
        } catch (ZipException e) {
            throw new PackageException(where, "is not a valid zip archive: " + e.getMessage());
        } catch (IOException e) {
            throw new PackageException(where, "cannot be read: " + e.getMessage());
        }
        return new AnalysisPackage(files);
    }

    /** Writes the package as a zip archive with entries in canonical order and fixed times: the same package, the same bytes. */
    public void writeArchive(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(9);
        for (var f : files.entrySet()) {
            ZipEntry e = new ZipEntry(f.getKey());
            e.setTime(ZIP_TIME);
            zip.putNextEntry(e);
            zip.write(f.getValue());
            zip.closeEntry();
        }
        zip.finish();
    }

    /** Writes the package's files under {@code dir} (which must exist and be empty), e.g. for a sandboxed run. */
    public void writeTo(Path dir) {
        try {
            for (var f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue(), java.nio.file.StandardOpenOption.CREATE_NEW);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the package to " + dir + ": " + e.getMessage(), e);
        }
    }

    public PackageManifest manifest() {
        return manifest;
    }

    public PackageHash hash() {
        return hash;
    }

    /** The package's paths in canonical order. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** The content of one file (a copy). */
    public byte[] file(String path) {
        byte[] b = files.get(path);
        if (b == null) throw new IllegalArgumentException("no file " + path + " in package " + manifest.name());
        return b.clone();
    }

    /** Total size of the files. */
    public long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** {@code name version (sha256:...)}. */
    public String label() {
        return manifest.name() + " " + manifest.version() + " (" + hash + ")";
    }

    private static String relative(Path dir, Path p) {
        List<String> parts = new ArrayList<>();
        for (Path part : dir.relativize(p)) parts.add(part.toString());
        return String.join("/", parts);
    }

    private static void checkPath(String path) {
        checkPath(path, path);
    }

    private static void checkPath(String where, String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) throw new PackageException(where, "is not a relative file path");
        for (String part : path.split("/", -1)) {
            if (!PART.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                throw new PackageException(where, "is not a portable package path (parts of letters, digits and . _ + -, no . or .. parts)");
            }
        }
    }

    private static void checkBounds(int count, long total, String where) {
        if (count > MAX_FILES) throw new PackageException(where, "holds more than " + MAX_FILES + " files");
        if (total > MAX_BYTES) throw new PackageException(where, "holds more than " + MAX_BYTES / (1024 * 1024) + " MB");
    }

    /** Reads one entry without trusting its declared size (a zip bomb stops at the bound). */
    private static byte[] readBounded(InputStream in, long remaining, String where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            if (out.size() > remaining) throw new PackageException(where, "holds more than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnalysisPackage p && p.hash.equals(hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return label();
    }

    /** Unmodifiable view of paths to sizes, for listings. */
    public java.util.Map<String, Integer> sizes() {
        java.util.Map<String, Integer> out = new TreeMap<>();
        files.forEach((k, v) -> out.put(k, v.length));
        return Collections.unmodifiableMap(out);
    }
}
