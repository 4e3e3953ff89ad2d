package org.fedra.node.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.pkg.Language;
import org.fedra.protocol.pkg.ResourceLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs package code in a bubblewrap sandbox on Linux. Each run gets:
 * <ul>
 *   <li>new user, PID, network, IPC, UTS and cgroup namespaces: no network but its own loopback, no other process
 *       visible, killed with all its processes when the node kills it;</li>
 *   <li>an unprivileged user: the node drops to {@link SandboxSettings#uid()} ({@code nobody}) before bubblewrap when it
 *       runs as root, and the sandbox has no capabilities and {@code no_new_privs};</li>
 *   <li>a read-only view of {@code /usr} and of the few files of {@code /etc} the interpreters need (library paths,
 *       BLAS alternatives, R's configuration, the time zone), its package at {@code /package} and its data at
 *       {@code /data} read-only, an empty {@code /output}, and small private {@code /tmp} and {@code /dev/shm}; nothing
 *       else of the machine: not the node's data directory, keys or database, not other runs' directories;</li>
 *   <li>the {@link SeccompFilter};</li>
 *   <li>limits: processor time per process ({@code RLIMIT_CPU}), wall time (the node kills the run), memory and
 *       process count of the whole run (a control group where the machine has one, else {@code RLIMIT_AS} and
 *       {@code RLIMIT_NPROC} per process), output size (each file by {@code RLIMIT_FSIZE}, the output directory and
 *       standard output and error watched by the node, which kills the run at the limit; {@code /tmp} and
 *       {@code /dev/shm} are size-bounded).</li>
 * </ul>
 * {@link #check()} runs a probe in a real sandbox and refuses (with the reasons) a machine where any of this does not
 * hold; no package runs on such a node.
 */
public final class Sandbox {
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    /** The user and group a run has inside its user namespace. */
    static final int INSIDE_ID = 65534;
    /** Parts of the root directory that are (or link to) parts of {@code /usr}. */
    private static final List<String> SYSTEM_DIRS = List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32");
    /** The only parts of {@code /etc} a run sees: how to load libraries (BLAS is chosen by alternatives), R's settings, the zone. */
    private static final List<String> ETC = List.of("alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "R", "localtime");
    /** Joins the run's control groups, opens the seccomp program as fd 3 and bubblewrap's status as fd 4, then starts it. */
    private static final String LAUNCHER = "status=$1; seccomp=$2; shift 2\n"
            + "while [ \"$1\" != \"--\" ]; do echo $$ > \"$1\" || exit 125; shift; done; shift\n"
            + "exec 3< \"$seccomp\" 4> \"$status\" || exit 125\n"
            + "exec \"$@\"\n";
    private static final long POLL_MILLIS = 50;
    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;

    private final SandboxSettings settings;
    private final RunCgroups.Support cgroups;
    private final byte[] seccomp = SeccompFilter.standard().bytes();
    private volatile SandboxStatus status;

    public Sandbox(SandboxSettings settings) {
        this.settings = settings;
        this.cgroups = RunCgroups.detect();
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** The result of the last {@link #check()}, running it first if there was none. */
    public SandboxStatus status() {
        SandboxStatus s = status;
        return s != null ? s : check();
    }

    /** Checks that the sandbox works on this machine, by a probe run in a real sandbox, and logs the outcome. */
    public SandboxStatus check() {
        SandboxStatus s = probe();
        if (s.usable()) log.info("{}", s.summary());
        else log.warn("{}", s.summary());
        return s;
    }

    /**
     * Checks as {@link #check()} does without logging: for a caller that shows the outcome itself (the CLI's
     * {@code fedra package check}, which would otherwise print it twice, once on stdout and once in the log).
     */
    public synchronized SandboxStatus probe() {
        SandboxStatus s = new SandboxCheck(this).run();
        status = s;
        return s;
    }

    /** How memory and process counts are limited here. */
    String limitsMechanism() {
        return cgroups.cgroups().isPresent() ? cgroups.description() : "per-process limits (" + cgroups.description() + ")";
    }

    /**
     * A fresh run: its directories under the work directory. Refused when the sandbox does not work here.
     *
     * @param runId letters, digits and {@code -}; unique on this node
     */
    public SandboxRun newRun(String runId) {
        SandboxStatus s = status();
        if (!s.usable()) throw Failure.refused("packages cannot run on this node: " + String.join("; ", s.problems()));
        return newRunUnchecked(runId);
    }

    SandboxRun newRunUnchecked(String runId) {
        return new SandboxRun(this, runId, RunDirectory.create(settings.workDir(), runId, settings.uid(), settings.gid()));
    }

    /** The command that starts a package's entry point inside the sandbox. */
    List<String> command(Language language, String entryPoint) {
        String entry = "/package/" + entryPoint;
        return switch (language) {
            // -E: no PYTHON* variables, -s: no user site directory, -B: no byte-code files (the package is read-only)
            case PYTHON -> List.of(settings.python().toString(), "-E", "-s", "-B", entry);
            case R -> List.of(settings.rscript().toString(), "--vanilla", entry);
        };
    }

    /** Whether the node process runs as root (it then drops to the sandbox user for each run). */
    static boolean nodeIsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Directories of the machine a run sees read-only, as bubblewrap arguments. */
    List<String> systemMounts() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String name : SYSTEM_DIRS) {
            Path p = Path.of("/", name);
            try {
                if (Files.isSymbolicLink(p)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
                } else if (Files.isDirectory(p)) {
                    args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        for (String name : ETC) {
            Path p = Path.of("/etc", name);
            if (Files.exists(p)) args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        return args;
    }

    /** The host paths the system mounts expose (the start-up check makes sure no hidden path is among them). */
    List<Path> exposedPaths() {
        List<String> m = systemMounts();
        List<Path> out = new ArrayList<>();
        for (int i = 0; i + 1 < m.size(); i++) {
            if (m.get(i).equals("--ro-bind")) out.add(Path.of(m.get(i + 1)));
        }
        return out;
    }

    SandboxResult execute(String runId, RunDirectory dir, List<String> command, ResourceLimits limits) {
        long started = System.nanoTime();
        RunCgroups.Run group = null;
        try {
            if (cgroups.cgroups().isPresent()) {
                // the whole run: its processes plus bubblewrap's two
                group = cgroups.cgroups().get().create("fedra-run-" + runId, limits.memoryBytes(), limits.processes() + 2);
            }
            Path statusFile = dir.root.resolve("status.json");
            Path seccompFile = dir.root.resolve("seccomp.bpf");
            Files.write(seccompFile, seccomp);
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", LAUNCHER, "fedra-sandbox", statusFile.toString(), seccompFile.toString()));
            if (group != null) group.procsFiles().forEach(p -> cmd.add(p.toString()));
            cmd.add("--");
            cmd.addAll(bubblewrap(dir, limits, group != null));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            Process p = pb.start();
            BoundedReader out = BoundedReader.start(p.getInputStream(), limits.outputBytes(), "sandbox-" + runId + "-out");
            BoundedReader err = BoundedReader.start(p.getErrorStream(), limits.outputBytes(), "sandbox-" + runId + "-err");
            Stop stop = watch(p, dir.outputDir, limits, out, err, started);
            if (stop != null) {
                p.destroyForcibly(); // bubblewrap's PID 1 dies with it, and with PID 1 every process of the namespace
                if (group != null) group.killAll();
            }
            p.waitFor();
            if (group != null) group.killAll();
            out.join();
            err.join();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            log.debug("run {} ended after {} ms (status {}{})", runId, elapsed.toMillis(), p.exitValue(), stop == null ? "" : ", " + stop.reason());
            return classify(stop, p.exitValue(), statusFile, group, limits, outputUse(dir.outputDir), out.bytes(), err.bytes(), elapsed);
        } catch (IOException e) {
            return new SandboxResult(Termination.SANDBOX_ERROR, "the sandbox could not be started: " + e.getMessage(), -1, new byte[0], new byte[0],
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.cancelled("the run " + runId + " was interrupted");
        } finally {
            if (group != null) group.close();
        }
    }

    private List<String> bubblewrap(RunDirectory dir, ResourceLimits limits, boolean cgroupLimits) {
        List<String> a = new ArrayList<>();
        if (nodeIsRoot()) {
            a.addAll(List.of(settings.setpriv().toString(), "--reuid=" + settings.uid(), "--regid=" + settings.gid(), "--clear-groups"));
        }
        a.addAll(List.of(settings.bwrap().toString(), "--unshare-all", "--unshare-user", "--uid", Integer.toString(INSIDE_ID), "--gid",
                Integer.toString(INSIDE_ID), "--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv"));
        runEnvironment().forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
        a.addAll(systemMounts());
        a.addAll(List.of("--ro-bind", dir.etcDir.resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", dir.etcDir.resolve("group").toString(), "/etc/group",
                "--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(limits.outputBytes()), "--tmpfs", "/dev/shm",
                "--size", Long.toString(limits.outputBytes()), "--tmpfs", "/tmp",
                "--ro-bind", dir.packageDir.toString(), "/package",
                "--ro-bind", dir.inputDir.toString(), "/data",
                "--bind", dir.outputDir.toString(), "/output",
                "--remount-ro", "/",
                "--chdir", "/output",
                "--seccomp", "3", "--json-status-fd", "4", "--"));
        // inside, before the package: limits it cannot raise (setting a hard limit above itself needs a capability)
        // RLIMIT_NPROC counts bubblewrap's PID 1 too; under a control group it is only a second line, a little above the
        // group's limit, so that the group (which can say that it was hit) is the one that holds
        int nproc = limits.processes() + (cgroupLimits ? 8 : 1);
        a.addAll(List.of(settings.prlimit().toString(), "--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1),
                "--nproc=" + nproc, "--fsize=" + limits.outputBytes(), "--nofile=1024", "--core=0"));
        if (!cgroupLimits) a.add("--as=" + limits.memoryBytes());
        a.add("--");
        return a;
    }

    /** The environment variables a run gets, and nothing else of the node's environment. */
    public static Map<String, String> runEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", "/tmp");
        env.put("TMPDIR", "/tmp");
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        // one thread per numerical library: results do not depend on the machine, and threads count as processes
        env.put("OMP_NUM_THREADS", "1");
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        env.put("FEDRA_PACKAGE", "/package");
        env.put("FEDRA_DATA", "/data");
        env.put("FEDRA_OUTPUT", "/output");
        return env;
    }

    /** Why the node stopped a run. */
    private record Stop(Termination termination, String reason) {}

    /** Waits for the run to end, or for a reason to stop it. */
    private Stop watch(Process p, Path outputDir, ResourceLimits limits, BoundedReader out, BoundedReader err, long started)
            throws InterruptedException {
        long deadline = started + TimeUnit.SECONDS.toNanos(limits.wallSeconds());
        while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                return new Stop(Termination.TIME_LIMIT, "ran past its wall-time limit of " + limits.wallSeconds() + " s and was killed");
            }
            if (out.exceeded() || err.exceeded()) {
                return new Stop(Termination.OUTPUT_LIMIT, "wrote more than " + limits.outputMb() + " MB to standard "
                        + (out.exceeded() ? "output" : "error") + " and was killed");
            }
            OutputUse use = outputUse(outputDir);
            if (use.bytes > limits.outputBytes() || use.files > MAX_OUTPUT_FILES) {
                return new Stop(Termination.OUTPUT_LIMIT, use.files > MAX_OUTPUT_FILES
                        ? "wrote more than " + MAX_OUTPUT_FILES + " files to its output directory and was killed"
                        : "wrote more than its output limit of " + limits.outputMb() + " MB and was killed");
            }
        }
        return null;
    }

    /** Most files a run may leave in its output directory. */
    static final int MAX_OUTPUT_FILES = 1000;

    private record OutputUse(long bytes, long files) {}

    /** Bytes of the files and entries under the output directory, links not followed (a link's own size counts, not its target's). */
    private static OutputUse outputUse(Path dir) {
        long[] use = new long[2];
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!a.isDirectory()) use[0] += a.size(); // what was written, not the directories' own blocks
                    use[1]++;
                } catch (IOException e) {
                    // removed while we looked
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a directory the run made unreadable to us counts as nothing; the files inside are still bounded by RLIMIT_FSIZE
        }
        return new OutputUse(use[0], use[1] - 1);
    }

    private SandboxResult classify(Stop stop, int exit, Path statusFile, RunCgroups.Run group, ResourceLimits limits, OutputUse written,
            byte[] out, byte[] err, Duration elapsed) {
        if (stop != null) {
            String also = group != null && group.processLimitHit() ? "; it had reached its limit of " + limits.processes() + " processes" : "";
            return new SandboxResult(stop.termination(), stop.reason() + also, -1, out, err, elapsed);
        }
        boolean started = startedPackage(statusFile);
        if (!started) {
            String why = new String(err, StandardCharsets.UTF_8).strip();
            return new SandboxResult(Termination.SANDBOX_ERROR, "the sandbox could not be started (status " + exit + ")" + (why.isEmpty() ? "" : ": " + why),
                    -1, out, err, elapsed);
        }
        if (group != null && group.memoryExceeded()) {
            return new SandboxResult(Termination.MEMORY_LIMIT, "needed more than its memory limit of " + limits.memoryMb() + " MB and was killed",
                    exit, out, err, elapsed);
        }
        if (exit == 128 + SIGXCPU) {
            return new SandboxResult(Termination.CPU_LIMIT, "used up its processor-time limit of " + limits.cpuSeconds() + " s and was killed",
                    exit, out, err, elapsed);
        }
        if (exit == 128 + SIGXFSZ || exit != 0 && written.bytes >= limits.outputBytes()) {
            return new SandboxResult(Termination.OUTPUT_LIMIT, "reached its output limit of " + limits.outputMb() + " MB; writing beyond it failed (status "
                    + exit + ")", exit, out, err, elapsed);
        }
        if (exit != 0 && group != null && group.processLimitHit()) {
            return new SandboxResult(Termination.PROCESS_LIMIT, "tried to run more than " + limits.processes() + " processes and failed (status "
                    + exit + ")", exit, out, err, elapsed);
        }
        if (exit != 0) {
            String how = exit > 128 ? "was killed by signal " + (exit - 128) : "exited with status " + exit;
            return new SandboxResult(Termination.FAILED, how, exit, out, err, elapsed);
        }
        return new SandboxResult(Termination.COMPLETED, "exited with status 0", 0, out, err, elapsed);
    }

    /**
     * Whether bubblewrap started (it writes its status as soon as it has made the sandbox's first process). Before that only
     * the node's launcher ran, so what it wrote to standard error may be shown; after it, a failure of bubblewrap's own set-up
     * and a failure of the package look alike and are reported alike, with standard error through the output check.
     */
    private static boolean startedPackage(Path statusFile) {
        try {
            return Files.readString(statusFile).contains("\"child-pid\"");
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a stream to its end in a thread of its own, keeping at most {@code limit} bytes and noting when there was more. */
    static final class BoundedReader {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final long limit;
        private final Thread thread;
        private volatile boolean exceeded;

        private BoundedReader(InputStream in, long limit, String name) {
            this.limit = limit;
            this.thread = new Thread(() -> drain(in), name);
            this.thread.setDaemon(true);
        }

        static BoundedReader start(InputStream in, long limit, String name) {
            BoundedReader r = new BoundedReader(in, limit, name);
            r.thread.start();
            return r;
        }

        private void drain(InputStream in) {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (kept) {
                        int room = (int) Math.max(0, Math.min(n, limit - kept.size()));
                        kept.write(buf, 0, room);
                        if (room < n) exceeded = true;
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }

        boolean exceeded() {
            return exceeded;
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }
    }
}
