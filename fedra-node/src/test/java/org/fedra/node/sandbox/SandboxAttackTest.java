package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 17, each run as real package code in the real sandbox on a node with 40 heart-disease patients.
 * Each must fail safely (nothing leaks, nothing outside the run changes), be reported with a reason and be audited.
 */
class SandboxAttackTest {
    static final String STUDY = "study-attacks";
    static final String MARKER = "FEDRA-SECRET-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    static PackageNode node;
    /** Files of the node a package must never read: its key, its database, its data keys, another study's run input. */
    static List<Path> secrets;

    @BeforeAll
    static void node() throws IOException {
        node = new PackageNode(dir, PackagePolicy.defaults(), "cleveland", 40);
        Path otherRun = TestSandbox.working().settings().workDir().resolve("other-study-run").resolve("input");
        Files.createDirectories(otherRun);
        secrets = List.of(write(dir.resolve("node-key.pem")), write(dir.resolve("db").resolve("node.mv.db")), write(dir.resolve("data-keys.json")),
                write(otherRun.resolve("variables.csv")));
    }

    @org.junit.jupiter.api.AfterAll
    static void removeTheOtherRun() {
        RunDirectory.delete(TestSandbox.working().settings().workDir().resolve("other-study-run"));
    }

    private static Path write(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "secret " + MARKER + "\n");
        return p;
    }

    private static PackageRunReport run(String runId, AnalysisPackage pkg) {
        return node.approveAndRun(runId, STUDY, pkg);
    }

    private static String json(Object o) {
        return JsonCodec.text(o);
    }

    /** The audit entries about one run, as {@code action: detail}. */
    private static List<String> audited(String runId) {
        return node.auditTrail().stream().filter(e -> e.contains("run " + runId + " ")).map(e -> e.substring(0, e.indexOf(' ')) + e.substring(e.indexOf(": ")))
                .toList();
    }

    private static String label(AnalysisPackage pkg) {
        return "package " + pkg.label() + " for study " + STUDY;
    }

    @Test
    void openingASocketToTheHubOrAnyAddressFails() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<ServerSocket> servers = new ArrayList<>();
        servers.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        InetAddress external = externalAddress();
        if (external != null) servers.add(new ServerSocket(0, 50, external));
        List<List<Object>> targets = new ArrayList<>();
        for (ServerSocket s : servers) {
            targets.add(List.of(s.getInetAddress().getHostAddress(), s.getLocalPort()));
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket ignored = s.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }
        try {
            AnalysisPackage pkg = PackageNode.resource("attack-network", Map.of("__TARGETS__", json(targets)));
            PackageRunReport r = run("net-1", pkg);
            assertThat(r.completed()).isFalse();
            assertThat(r.termination()).isEqualTo(Termination.FAILED);
            assertThat(r.reason()).isEqualTo("exited with status 1");
            StringBuilder expected = new StringBuilder();
            for (List<Object> t : targets) expected.append("blocked ").append(t.get(0)).append(" port ").append(t.get(1)).append(": Operation not permitted\n");
            expected.append("blocked 1.1.1.1 port 443: Operation not permitted\nblocked ::1 port 443: Operation not permitted\n")
                    .append("blocked datagram: Operation not permitted\n");
            assertThat(r.log(PackageRunner.STDOUT).text()).startsWith(expected.toString()).contains("blocked name lookup: gaierror");
            assertThat(r.log(PackageRunner.STDERR).text()).isEqualTo("nothing could be sent\n");
            assertThat(accepted.get()).as("connections the node's listeners accepted").isZero();
            assertThat(r.outputs()).isEmpty();
            assertThat(audited("net-1")).containsExactly("package.run-started: run net-1 of " + label(pkg) + ": 40 patients, limits " + pkg.manifest().limits(),
                    "package.run-failed: run net-1 of " + label(pkg) + ": exited with status 1; nothing it wrote is released");
        } finally {
            for (ServerSocket s : servers) s.close();
        }
    }

    private static InetAddress externalAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address) return a;
            }
        }
        return null;
    }

    @Test
    void readingTheNodesKeysDatabaseOrAnotherStudysDataFails() {
        List<String> targets = new ArrayList<>(secrets.stream().map(Path::toString).toList());
        targets.add(dir.resolve("audit.log").toString());
        AnalysisPackage pkg = PackageNode.resource("attack-read", Map.of("__TARGETS__", json(targets),
                "__MARKER__", new StringBuilder(MARKER).reverse().toString()));
        PackageRunReport r = run("read-1", pkg);
        assertThat(r.termination()).as(r.logs().toString()).isEqualTo(Termination.FAILED);
        assertThat(r.log(PackageRunner.STDERR).text()).isEqualTo("nothing of the node could be read\n");
        String out = r.log(PackageRunner.STDOUT).text();
        for (String t : targets) {
            for (String path : List.of(t, "/proc/1/root" + t, "/proc/self/root" + t, "/data/../.." + t)) {
                assertThat(out).contains("blocked " + path + ": No such file or directory\n");
            }
        }
        assertThat(out).doesNotContain("read /").doesNotContain("FOUND").doesNotContain(MARKER);
        assertThat(audited("read-1")).last().isEqualTo("package.run-failed: run read-1 of " + label(pkg) + ": exited with status 1; nothing it wrote is released");
    }

    @Test
    void writingOutsideTheOutputDirectoryFailsAndLinksAreNotFollowed() throws IOException {
        String scratch = "fedra-attack-" + UUID.randomUUID();
        Path key = secrets.get(0);
        byte[] keyBefore = Files.readAllBytes(key);
        List<String> hostTargets = List.of(key.toString(), dir.resolve("planted").toString(), secrets.get(3).toString(), "/tmp/" + scratch + "-host");
        AnalysisPackage pkg = PackageNode.resource("attack-write", Map.of("__TARGETS__", json(hostTargets), "__KEY__", json(key.toString()),
                "__SCRATCH__", scratch));
        PackageRunReport r = run("write-1", pkg);
        assertThat(r.completed()).as(r.reason() + r.logs()).isTrue();
        String out = r.log(PackageRunner.STDOUT).text();
        // the file system, the input, the package and the kernel's settings are read-only or closed to the run's user
        for (String inside : List.of("/data/variables.csv", "/data/new.csv", "/package/main.py", "/usr/evil", "/etc/evil", "/evil",
                "/proc/sys/kernel/hostname", "/proc/sysrq-trigger")) {
            assertThat(out).containsPattern("(?m)^blocked " + java.util.regex.Pattern.quote(inside)
                    + ": (Read-only file system|Permission denied|No such file or directory)$");
        }
        // the node's own paths do not exist inside, and /tmp inside is the run's own
        for (String host : hostTargets.subList(0, 3)) assertThat(out).contains("blocked " + host + ": No such file or directory\n");
        assertThat(out).contains("wrote /tmp/" + scratch + "-host\n").containsOnlyOnce("wrote ");
        assertThat(Files.readAllBytes(key)).isEqualTo(keyBefore);
        assertThat(dir.resolve("planted")).doesNotExist();
        assertThat(Path.of("/tmp", scratch)).doesNotExist();
        assertThat(Path.of("/tmp", scratch + "-host")).doesNotExist();
        assertThat(Path.of("/dev/shm", scratch)).doesNotExist();
        CheckedOutput summary = r.output("summary.csv");
        assertThat(summary.releasable()).isFalse();
        assertThat(summary.note()).isEqualTo("was not written (or is not a regular file)");
        assertThat(audited("write-1")).contains("output.refused: run write-1 of " + label(pkg)
                + ": aggregate-table summary.csv refused: was not written (or is not a regular file)");
    }

    /** Processes of the sandbox user on this machine (the node runs as root here, and drops every run to that user). */
    private static long sandboxProcesses() {
        int uid = TestSandbox.working().settings().uid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    return Files.readAllLines(p.resolve("status")).stream().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals(Integer.toString(uid)));
                } catch (IOException | UncheckedIOException e) {
                    return false; // gone
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long settledSandboxProcesses() throws InterruptedException {
        for (int i = 0; i < 100 && sandboxProcesses() > 0; i++) Thread.sleep(50); // the kernel reaps killed processes shortly after
        return sandboxProcesses();
    }

    @Test
    void aForkBombIsHeldAtTheProcessLimitAndKilledWithItsWholeTree() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Sandbox.nodeIsRoot(), "counts the sandbox user's processes");
        assertThat(settledSandboxProcesses()).isZero();
        AtomicLong most = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) most.accumulateAndGet(sandboxProcesses(), Math::max);
        });
        sampler.start();
        AnalysisPackage pkg = PackageNode.resource("attack-processes", Map.of("__MODE__", "bomb"));
        PackageRunReport r;
        try {
            r = run("fork-1", pkg);
        } finally {
            running.set(false);
            sampler.join();
        }
        assertThat(r.termination()).isEqualTo(Termination.TIME_LIMIT);
        assertThat(r.reason()).isEqualTo("ran past its wall-time limit of 5 s and was killed; it had reached its limit of 16 processes");
        assertThat(most.get()).as("most sandbox processes seen at once").isBetween(2L, 18L);
        assertThat(settledSandboxProcesses()).as("sandbox processes left").isZero();
        assertThat(audited("fork-1")).last().isEqualTo("package.run-failed: run fork-1 of " + label(pkg) + ": " + r.reason() + "; nothing it wrote is released");
    }

    @Test
    void aDaemonDoesNotOutliveItsRun() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Sandbox.nodeIsRoot(), "counts the sandbox user's processes");
        PackageRunReport r = run("daemon-1", PackageNode.resource("attack-processes", Map.of("__MODE__", "daemon")));
        assertThat(r.completed()).isTrue();
        assertThat(r.log(PackageRunner.STDOUT).text()).isEqualTo("left a daemon behind\n");
        assertThat(settledSandboxProcesses()).as("sandbox processes left").isZero();
    }

    @Test
    void allocatingMoreMemoryThanAllowedIsStopped() {
        AnalysisPackage pkg = PackageNode.resource("attack-memory");
        PackageRunReport r = run("memory-1", pkg);
        assertThat(r.completed()).isFalse();
        if (TestSandbox.working().limitsMechanism().startsWith("cgroup")) {
            assertThat(r.termination()).isEqualTo(Termination.MEMORY_LIMIT);
            assertThat(r.reason()).isEqualTo("needed more than its memory limit of 64 MB and was killed");
        } else {
            assertThat(r.termination()).isEqualTo(Termination.FAILED); // RLIMIT_AS: the allocation fails inside Python
            assertThat(r.log(PackageRunner.STDERR).text()).contains("MemoryError");
        }
        assertThat(audited("memory-1")).last().isEqualTo("package.run-failed: run memory-1 of " + label(pkg) + ": " + r.reason()
                + "; nothing it wrote is released");
    }

    @Test
    void runningPastTheTimeLimitsIsStopped() {
        PackageRunReport asleep = run("time-1", PackageNode.resource("attack-time", Map.of("__MODE__", "sleep", "__CPU__", "60", "__WALL__", "2")));
        assertThat(asleep.termination()).isEqualTo(Termination.TIME_LIMIT);
        assertThat(asleep.reason()).isEqualTo("ran past its wall-time limit of 2 s and was killed");
        AnalysisPackage busy = PackageNode.resource("attack-time", Map.of("__MODE__", "busy", "__CPU__", "1", "__WALL__", "120"));
        PackageRunReport r = run("time-2", busy);
        assertThat(r.termination()).isEqualTo(Termination.CPU_LIMIT);
        assertThat(r.reason()).isEqualTo("used up its processor-time limit of 1 s and was killed");
        assertThat(audited("time-2")).last().isEqualTo("package.run-failed: run time-2 of " + label(busy) + ": " + r.reason()
                + "; nothing it wrote is released");
    }

    /** Runs the output attack while watching how much the sandbox's work directory ever holds. */
    private static long[] runWatchingDisk(String runId, String mode, PackageRunReport[] report) throws Exception {
        Path work = TestSandbox.working().settings().workDir();
        AtomicLong most = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) most.accumulateAndGet(size(work), Math::max);
        });
        watcher.start();
        try {
            report[0] = run(runId, PackageNode.resource("attack-output", Map.of("__MODE__", mode)));
        } finally {
            running.set(false);
            watcher.join();
        }
        return new long[] {most.get()};
    }

    private static long size(Path root) {
        long[] total = {0};
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                try {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) total[0] += Files.size(p);
                } catch (IOException e) {
                    // removed meanwhile
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a run directory went away during the walk
        }
        return total[0];
    }

    @Test
    void writingTenGigabytesIsStoppedAtTheOutputLimit() throws Exception {
        long gigabyte = 1L << 30;
        PackageRunReport[] r = new PackageRunReport[1];
        long most = runWatchingDisk("output-1", "files", r)[0];
        assertThat(r[0].termination()).isEqualTo(Termination.OUTPUT_LIMIT);
        assertThat(r[0].reason()).isEqualTo("wrote more than its output limit of 8 MB and was killed");
        assertThat(most).as("most bytes on disk").isLessThan(gigabyte);

        most = runWatchingDisk("output-2", "one-file", r)[0];
        assertThat(r[0].termination()).isEqualTo(Termination.OUTPUT_LIMIT);
        assertThat(r[0].reason()).isEqualTo("reached its output limit of 8 MB; writing beyond it failed (status 1)");
        assertThat(r[0].log(PackageRunner.STDERR).text()).contains("OSError: [Errno 27] File too large");
        assertThat(most).isLessThan(gigabyte);

        runWatchingDisk("output-3", "stdout", r);
        assertThat(r[0].termination()).isEqualTo(Termination.OUTPUT_LIMIT);
        assertThat(r[0].reason()).isEqualTo("wrote more than 8 MB to standard output and was killed");
        assertThat(r[0].log(PackageRunner.STDOUT).text().length()).as("what the node kept of it").isLessThanOrEqualTo(8 << 20);

        runWatchingDisk("output-4", "tmp", r);
        assertThat(r[0].termination()).isEqualTo(Termination.FAILED);
        assertThat(r[0].log(PackageRunner.STDERR).text()).contains("OSError: [Errno 28] No space left on device");
        assertThat(audited("output-1")).last().isEqualTo("package.run-failed: run output-1 of " + label(PackageNode.resource("attack-output",
                Map.of("__MODE__", "files"))) + ": wrote more than its output limit of 8 MB and was killed; nothing it wrote is released");
    }

    @Test
    void patientRowsPrintedToTheLogsAreWithheld() {
        AnalysisPackage pkg = PackageNode.resource("attack-print-rows", Map.of("__MODE__", "rows"));
        PackageRunReport r = run("print-1", pkg);
        assertThat(r.completed()).isTrue();
        assertThat(r.log(PackageRunner.STDERR).shown()).isEqualTo("(standard error withheld: line 1 holds the values of an input patient's row)");
        assertThat(r.log(PackageRunner.STDOUT).text()).isEmpty();
        assertThat(r.output("summary.csv").releasable()).isTrue();
        assertThat(audited("print-1")).contains("output.refused: run print-1 of " + label(pkg)
                + ": standard error withheld: line 1 holds the values of an input patient's row");

        PackageRunReport all = run("print-2", PackageNode.resource("attack-print-rows", Map.of("__MODE__", "all")));
        assertThat(all.log(PackageRunner.STDOUT).withheldBecause())
                .isEqualTo("it has 41 lines for 40 input patients: a line per patient looks record-level");
    }

    @Test
    void anAggregateTableWithARowPerPatientIsRefused() {
        AnalysisPackage pkg = PackageNode.resource("attack-per-patient");
        PackageRunReport r = run("rows-1", pkg);
        assertThat(r.completed()).isTrue();
        CheckedOutput summary = r.output("summary.csv");
        assertThat(summary.releasable()).isFalse();
        assertThat(summary.note()).isEqualTo("has 40 rows for 40 input patients: a row per patient looks record-level");
        assertThat(r.queued()).isEmpty();
        assertThat(node.releases.ofRun("rows-1")).isEmpty();
        assertThat(audited("rows-1")).containsSubsequence("output.refused: run rows-1 of " + label(pkg)
                + ": aggregate-table summary.csv refused: has 40 rows for 40 input patients: a row per patient looks record-level",
                "package.run-finished: run rows-1 of " + label(pkg) + ": exited with status 0; 0 outputs released, 0 waiting for the data steward, 1 refused");
    }

    @Test
    void aPackageChangedAfterApprovalDoesNotRun() {
        AnalysisPackage approved = PackageNode.resource("chol-by-sex");
        node.approvals.approve(STUDY, approved, PackageNode.STEWARD);
        Map<String, byte[]> files = new java.util.TreeMap<>();
        for (String p : approved.paths()) files.put(p, approved.file(p));
        byte[] code = files.get("main.py");
        code[code.length - 2] ^= 1; // one bit of one byte
        AnalysisPackage changed = AnalysisPackage.of(files);
        assertThat(changed.hash()).isNotEqualTo(approved.hash());
        String why = "package " + changed.label() + " is not approved for study " + STUDY + " on this node; the steward approved chol-by-sex 1.0.0"
                + " with hash " + approved.hash() + ": a package whose content changed is another package and needs its own approval";
        assertThatThrownBy(() -> node.run("changed-1", STUDY, changed, null)).isInstanceOf(Failure.class).hasMessage(why)
                .satisfies(e -> assertThat(((Failure) e).reason()).isEqualTo(FailureReason.REFUSED_BY_POLICY));
        assertThat(node.auditTrail()).last().isEqualTo("package.refused node:node-test: " + why);
        assertThat(audited("changed-1")).isEmpty(); // it never started
        assertThat(new String(approved.file("main.py"), StandardCharsets.UTF_8)).isNotEqualTo(new String(code, StandardCharsets.UTF_8));
    }
}
