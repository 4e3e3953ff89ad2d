package org.fedra.protocol.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A hub's or node's data directory as only its owner may use it: the directory and every directory in it mode 700,
 * every file 600. The data directory holds the database, keys, the audit log and API tokens; any other local user
 * of the hospital server who can read them can read clinical data or act as the node.
 *
 * <p>{@link #prepare} runs at start, before anything is opened: a directory or file that group or others may
 * <em>write</em> is refused (someone may already have replaced a key or the database), one they may only read is
 * tightened with a warning. {@link #tighten} runs after the database and logs were opened, for the files they created
 * under the process's umask. On a file system without POSIX permissions both do nothing.
 */
public final class OwnerOnlyDirectory {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private OwnerOnlyDirectory() {}

    /**
     * Creates {@code dir} (mode 700) when absent; otherwise checks it and everything in it.
     *
     * @return one warning per directory or file that group or others could read and that was tightened
     * @throws CorruptFileException a directory or file in it is writable by group or others (nothing is changed)
     */
    public static List<String> prepare(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new CorruptFileException(dir, "cannot be created: " + e.getMessage(), e);
            }
            setMode(dir, DIRECTORY);
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new CorruptFileException(dir, "is not a directory");
        }
        if (!posix(dir)) {
            return List.of();
        }
        for (Path p : walk(dir)) {
            Set<PosixFilePermission> mode = mode(p);
            if (!java.util.Collections.disjoint(mode, WRITABLE_BY_OTHERS)) {
                throw new CorruptFileException(p, "is writable by group or others (mode " + PosixFilePermissions.toString(mode)
                        + "); someone else may have changed it. Check it, then make it owner-only (chmod -R go-rwx "
                        + dir.toAbsolutePath() + ")");
            }
        }
        return tighten(dir);
    }

    /**
     * Sets every directory in {@code dir} (and {@code dir}) to mode 700 and every file to 600.
     *
     * @return one line per path whose mode was looser and has been tightened
     */
    public static List<String> tighten(Path dir) {
        List<String> tightened = new ArrayList<>();
        if (!Files.isDirectory(dir) || !posix(dir)) {
            return tightened;
        }
        for (Path p : walk(dir)) {
            boolean directory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> want = directory ? DIRECTORY : FILE;
            Set<PosixFilePermission> mode = mode(p);
            Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
            extra.addAll(mode);
            extra.removeAll(want);
            if (!extra.isEmpty()) {
                setMode(p, want);
                tightened.add(p + " was readable by group or others (mode " + PosixFilePermissions.toString(mode) + "); now "
                        + PosixFilePermissions.toString(want));
            }
        }
        return tightened;
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static Set<PosixFilePermission> mode(Path p) {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new CorruptFileException(p, "cannot read its permissions: " + e.getMessage(), e);
        }
    }

    private static void setMode(Path p, Set<PosixFilePermission> mode) {
        try {
            Files.setPosixFilePermissions(p, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        } catch (IOException e) {
            throw new CorruptFileException(p, "cannot be made owner-only: " + e.getMessage(), e);
        }
    }

    /** The directory and everything below it, symbolic links included but not followed. */
    private static List<Path> walk(Path dir) {
        List<Path> all = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    all.add(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (!attrs.isSymbolicLink()) {
                        all.add(f);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    // a file that vanished while walking (a temporary file renamed into place) needs no mode
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + dir + ": " + e.getMessage(), e);
        }
        return all;
    }
}
