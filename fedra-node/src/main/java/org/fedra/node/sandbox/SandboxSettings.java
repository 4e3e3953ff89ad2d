package org.fedra.node.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.fedra.protocol.pkg.Language;

/**
 * Where the sandbox's tools are on this machine and who runs packages.
 *
 * @param bwrap       bubblewrap (Debian's {@code bubblewrap})
 * @param setpriv     util-linux {@code setpriv}, used to drop to {@code uid} when the node runs as root
 * @param prlimit     util-linux {@code prlimit}, run inside the sandbox to set the per-process limits
 * @param python      the Python 3 interpreter packages run with (Debian's {@code /usr/bin/python3}, not a user's)
 * @param rscript     R's {@code Rscript}
 * @param uid         the unprivileged user a run has when the node runs as root (a node running as another user runs
 *                    packages as itself, in a user namespace)
 * @param gid         its group
 * @param workDir     where runs get their directories (input, output, package copy); the node's data directory never
 *                    appears inside a sandbox, only a run's own directories
 * @param hiddenPaths directories that must never be visible inside a sandbox (the node's data directory, its keys):
 *                    the start-up check refuses a setup that would show them
 */
public record SandboxSettings(Path bwrap, Path setpriv, Path prlimit, Path python, Path rscript, int uid, int gid, Path workDir,
                              List<Path> hiddenPaths) {
    /** {@code nobody}: exists on every Debian machine and owns nothing. */
    public static final int NOBODY = 65534;

    public SandboxSettings {
        Objects.requireNonNull(bwrap, "bwrap");
        Objects.requireNonNull(setpriv, "setpriv");
        Objects.requireNonNull(prlimit, "prlimit");
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(rscript, "rscript");
        workDir = workDir.toAbsolutePath().normalize(); // bubblewrap's mounts and the messages need it whole
        hiddenPaths = List.copyOf(hiddenPaths);
    }

    /** Debian's locations, runs as {@code nobody}, run directories under {@code workDir}. */
    public static SandboxSettings debian(Path workDir, List<Path> hiddenPaths) {
        return new SandboxSettings(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/setpriv"), Path.of("/usr/bin/prlimit"),
                Path.of("/usr/bin/python3"), Path.of("/usr/bin/Rscript"), NOBODY, NOBODY, workDir, hiddenPaths);
    }

    /** The interpreter of a language. */
    public Path interpreter(Language language) {
        return switch (language) {
            case PYTHON -> python;
            case R -> rscript;
        };
    }
}
