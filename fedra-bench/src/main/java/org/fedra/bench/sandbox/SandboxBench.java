package org.fedra.bench.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fedra.bench.analytics.StudyBench;
import org.fedra.node.NodeDataKeys;
import org.fedra.node.NodeDatabase;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.sandbox.DataPreparation;
import org.fedra.node.sandbox.InputSummary;
import org.fedra.node.sandbox.Sandbox;
import org.fedra.node.sandbox.SandboxResult;
import org.fedra.node.sandbox.SandboxRun;
import org.fedra.node.sandbox.SandboxSettings;
import org.fedra.node.sandbox.SandboxStatus;
import org.fedra.node.sandbox.Termination;
import org.fedra.node.synth.SiteProfile;
import org.fedra.protocol.pkg.DataRequest;
import org.fedra.protocol.pkg.Language;
import org.fedra.protocol.pkg.PackageManifest;
import org.fedra.protocol.pkg.ResourceLimits;
import org.fedra.protocol.study.Purpose;

/**
 * Code to data, measured:
 * <ol>
 *   <li>the sandbox's start-up overhead per run: the median time of a trivial Python and R script run in the sandbox (a run's
 *       directories made, bubblewrap with its namespaces, seccomp filter, control groups and limits, the directories removed)
 *       beside the median of the same script run directly by the same interpreter, in the same process, alternately;</li>
 *   <li>data preparation for N patients (default 100,000): the consent-filtered view read and the input CSV of five variables
 *       written, as a run's input is prepared (median of the repeats).</li>
 * </ol>
 * <pre>java -Xmx6g -cp fedra-bench/target/fedra-bench.jar org.fedra.bench.sandbox.SandboxBench [patients] [runs] [directory]</pre>
 * Given a directory, the synthetic patients are loaded there once and reused by later runs with the same N. Needs the sandbox's
 * Debian packages (bubblewrap, python3, r-base-core) and permission to make control groups for the memory and process limits.
 */
public final class SandboxBench {
    private static final ResourceLimits LIMITS = new ResourceLimits(60, 120, 512, 32, 16);
    private static final String DATA = "{\"variables\": [{\"name\": \"age\", \"patient\": \"age\"}, {\"name\": \"sex\", \"patient\": \"sex\"},"
            + " {\"name\": \"bmi\", \"system\": \"http://loinc.org\", \"code\": \"39156-5\", \"unit\": \"kg/m2\"},"
            + " {\"name\": \"sbp\", \"system\": \"http://loinc.org\", \"code\": \"8480-6\", \"unit\": \"mm[Hg]\"},"
            + " {\"name\": \"hba1c\", \"system\": \"http://loinc.org\", \"code\": \"4548-4\", \"unit\": \"%\"}]}";

    private SandboxBench() {}

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path root = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("fedra-sandbox-bench");
        Path work = Files.createTempDirectory("fedra-sandbox-bench-runs");
        Sandbox sandbox = new Sandbox(SandboxSettings.debian(work, List.of(root)));
        SandboxStatus status = sandbox.check();
        System.out.println(status.summary());
        if (!status.usable()) System.exit(1);

        System.out.printf("%nstart-up overhead, median of %d runs each after 2 warm-ups (same script, same interpreter)%n", runs);
        System.out.printf("%-8s %12s %12s %14s %8s%n", "language", "direct ms", "sandbox ms", "overhead ms", "ratio");
        startup(sandbox, Language.PYTHON, "main.py", "pass\n", runs);
        startup(sandbox, Language.R, "main.R", "invisible(0)\n", runs);

        System.out.printf("%ndata preparation for %,d patients%n", patients);
        prepare(root, patients, Math.max(1, Math.min(runs, 3)));
        Files.deleteIfExists(work);
        if (args.length <= 2) delete(root); // a directory given is kept for the next run
    }

    private static void startup(Sandbox sandbox, Language language, String entry, String script, int runs) throws Exception {
        Path file = Files.createTempFile("fedra-bench-direct", language.extension());
        Files.writeString(file, script);
        Path interpreter = sandbox.settings().interpreter(language);
        List<String> directCommand = language == Language.PYTHON ? List.of(interpreter.toString(), "-E", "-s", "-B", file.toString())
                : List.of(interpreter.toString(), "--vanilla", file.toString());
        double[] plain = new double[runs];
        double[] boxed = new double[runs];
        for (int i = -2; i < runs; i++) {
            long t0 = System.nanoTime();
            ProcessBuilder direct = new ProcessBuilder(directCommand).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            direct.environment().clear();
            direct.environment().putAll(Sandbox.runEnvironment()); // the same environment as inside: only the sandbox differs
            Process p = direct.start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(directCommand + " failed");
            long t1 = System.nanoTime();
            try (SandboxRun run = sandbox.newRun("bench-" + language.code() + "-" + (i + 2))) {
                Files.writeString(run.packageDir().resolve(entry), script);
                SandboxResult r = run.execute(language, entry, LIMITS);
                if (r.termination() != Termination.COMPLETED) throw new IllegalStateException("sandboxed run failed: " + r.reason());
            }
            long t2 = System.nanoTime();
            if (i >= 0) {
                plain[i] = (t1 - t0) / 1e6;
                boxed[i] = (t2 - t1) / 1e6;
            }
        }
        Files.delete(file);
        double a = median(plain);
        double b = median(boxed);
        System.out.printf("%-8s %12.1f %12.1f %14.1f %7.2fx%n", language.code(), a, b, b - a, b / a);
    }

    private static void prepare(Path root, int patients, int repeats) throws Exception {
        Path dir = root.resolve("node");
        Path loaded = dir.resolve("loaded");
        Files.createDirectories(dir);
        NodeDataKeys keys = NodeDataKeys.loadOrCreate(dir, new SecureRandom());
        try (NodeDatabase db = new NodeDatabase(dir, keys.database())) {
            // opt-out for research, as a hospital whose legal basis allows it: most patients are usable
            NodeDataLayer layer = new NodeDataLayer(db.dataSource(), keys.pseudonymKey(), keys.objectKey(), dir.resolve("objects"),
                    new DefaultPolicy(Map.of(Purpose.HEALTHCARE_RESEARCH, DefaultPolicy.Mode.OPT_OUT), DefaultPolicy.Mode.OPT_IN),
                    DisclosureSettings.defaults(), Clock.systemUTC(), new SecureRandom());
            if (Files.exists(loaded) && Files.readString(loaded).strip().equals(Integer.toString(patients))) {
                System.out.printf("reusing the %,d patients loaded earlier in %s%n", patients, dir);
            } else if (Files.exists(loaded)) {
                throw new IllegalArgumentException(root + " holds another number of patients; give an empty directory");
            } else {
                long t0 = System.nanoTime();
                StudyBench.load(layer, StudyBench.light(SiteProfile.cityUniversity()), 100, patients, t0);
                Files.writeString(loaded, Integer.toString(patients));
                System.out.printf("loaded %,d patients in %.0f s%n", patients, (System.nanoTime() - t0) / 1e9);
            }
            DataRequest request = PackageManifest.parse(("{\"name\":\"bench\",\"version\":\"1\",\"language\":\"python\",\"entryPoint\":\"main.py\","
                    + "\"data\":" + DATA + ",\"outputs\":[{\"file\":\"t.csv\",\"kind\":\"aggregate-table\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)).data();
            double[] seconds = new double[repeats];
            int inInput = 0;
            for (int i = -1; i < repeats; i++) {
                Path input = Files.createTempDirectory("fedra-bench-input");
                TaskContext task = new TaskContext("bench-prepare-" + (i + 1), "bench", Purpose.HEALTHCARE_RESEARCH, "uni-research", Instant.now());
                long t0 = System.nanoTime();
                InputSummary s = DataPreparation.prepare(layer, task, request, input, new Random(i));
                double t = (System.nanoTime() - t0) / 1e9;
                long bytes = Files.size(input.resolve(DataPreparation.VARIABLES));
                System.out.printf("  %s: %,d patients in the input, %,d bytes of CSV, %.2f s%n", i < 0 ? "warm-up" : "run " + (i + 1), s.patients(), bytes, t);
                if (i >= 0) seconds[i] = t;
                inInput = s.patients();
                delete(input);
            }
            double m = median(seconds);
            System.out.printf("data preparation: median %.2f s for %,d patients on the node, %,d of them consented and written (%.1f µs a patient)%n",
                    m, patients, inInput, m / patients * 1e6);
        }
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
