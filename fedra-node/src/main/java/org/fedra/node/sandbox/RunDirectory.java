package org.fedra.node.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * The directories of one run on the node: {@code package/} (a copy of the approved bytes), {@code input/} (the prepared
 * data), {@code output/} (empty, the only place the run can write) and the sandbox's own small files. Nobody but the node
 * and the run's user can read them: the run directory is traversable only, the input belongs to the run's user and is
 * mounted read-only. Removed with everything in it when the run is over.
 */
final class RunDirectory implements AutoCloseable {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    final Path root;
    final Path packageDir;
    final Path inputDir;
    final Path outputDir;
    final Path etcDir;
    private final int uid;
    private final int gid;
    private final boolean asRoot;

    private RunDirectory(Path root, int uid, int gid, boolean asRoot) {
        this.root = root;
        this.packageDir = root.resolve("package");
        this.inputDir = root.resolve("input");
        this.outputDir = root.resolve("output");
        this.etcDir = root.resolve("etc");
        this.uid = uid;
        this.gid = gid;
        this.asRoot = asRoot;
    }

    /** Creates a fresh run directory under {@code workDir}; fails if the run id was used before. */
    static RunDirectory create(Path workDir, String runId, int uid, int gid) {
        if (!RUN_ID.matcher(runId).matches()) throw new IllegalArgumentException("a run id is letters, digits and -, was " + runId);
        boolean asRoot = Sandbox.nodeIsRoot();
        try {
            Files.createDirectories(workDir);
            chmod(workDir, "rwx--x--x");
            RunDirectory d = new RunDirectory(Files.createDirectory(workDir.resolve(runId)), uid, gid, asRoot);
            chmod(d.root, "rwx--x--x");
            for (Path p : new Path[] {d.packageDir, d.inputDir, d.outputDir, d.etcDir}) {
                Files.createDirectory(p);
                chmod(p, asRoot && p != d.outputDir ? "rwxr-xr-x" : "rwx------");
            }
            if (asRoot) owner(d.outputDir, uid, gid); // the run's user writes here, and only here
            Files.writeString(d.etcDir.resolve("passwd"), "sandbox:x:" + 65534 + ":" + 65534 + ":sandbox:/tmp:/usr/sbin/nologin\n");
            Files.writeString(d.etcDir.resolve("group"), "sandbox:x:" + 65534 + ":\n");
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory under " + workDir + ": " + e.getMessage(), e);
        }
    }

    /** Hands the prepared input to the run's user, read-only (called once the input is written). */
    void sealInput() {
        if (!asRoot) return;
        try (var walk = Files.walk(inputDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                owner(p, uid, gid);
                chmod(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "r-x------" : "r--------");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal the run's input: " + e.getMessage(), e);
        }
    }

    /** Makes the package copy readable by the run's user (called once the package is written). */
    void sealPackage() {
        try (var walk = Files.walk(packageDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                chmod(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? (asRoot ? "r-xr-xr-x" : "r-x------") : (asRoot ? "r--r--r--" : "r--------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal the run's package copy: " + e.getMessage(), e);
        }
    }

    private static void owner(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    static void chmod(Path p, String perms) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (v != null) v.setPermissions(PosixFilePermissions.fromString(perms));
    }

    /** Removes the run directory and everything the run left in it (it may have taken permissions away from itself). */
    @Override
    public void close() {
        delete(root);
    }

    static void delete(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    chmod(d, "rwx------"); // a directory the run made unreadable is still ours to remove
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof AccessDeniedException)) throw e;
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
