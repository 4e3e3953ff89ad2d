package org.fedra.bench.psi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.fedra.privacy.psi.PsiClient;
import org.fedra.privacy.psi.PsiMode;
import org.fedra.privacy.psi.PsiResult;
import org.fedra.privacy.psi.PsiServer;

/**
 * End-to-end PSI benchmark: two parties with N identifiers each (default 100,000) and a known
 * overlap, run in both modes in one process on all cores; prints wall time per mode and checks
 * the answer. Usage: {@code java -cp fedra-bench.jar org.fedra.bench.psi.PsiEndToEnd [n] [shared]}.
 */
public final class PsiEndToEnd {
    private PsiEndToEnd() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int shared = args.length > 1 ? Integer.parseInt(args[1]) : 12_345;
        List<String> client = new ArrayList<>(n);
        List<String> server = new ArrayList<>(n);
        for (int i = 0; i < shared; i++) {
            client.add("patient-" + i);
            server.add("patient-" + i);
        }
        for (int i = shared; i < n; i++) {
            client.add("client-" + i);
            server.add("server-" + i);
        }
        Collections.shuffle(client, new Random(1));
        Collections.shuffle(server, new Random(2));
        byte[] key = "benchmark federation linkage key".getBytes(StandardCharsets.UTF_8);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        System.out.printf("PSI end-to-end: %,d x %,d identifiers, %,d shared, %d threads%n", n, n, shared,
                pool.getParallelism());
        // one small warm-up run so that the JIT has compiled the hot code
        run(PsiMode.INTERSECTION, key, client.subList(0, 5000), server.subList(0, 5000), pool);
        for (PsiMode mode : PsiMode.values()) {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            PsiResult result = run(mode, key, client, server, pool);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            if (result.cardinality() != shared) {
                throw new IllegalStateException(mode + " gave " + result.cardinality() + ", expected " + shared);
            }
            // CPU time shows the cost independent of other load on a shared machine.
            System.out.printf("mode=%s wall_s=%.2f cpu_s=%.2f cardinality=%d (4n = %,d group operations,"
                    + " %.0f ops/s wall, %.0f ops per CPU-second)%n",
                    mode, seconds, cpuSeconds, result.cardinality(), 4L * n, 4.0 * n / seconds, 4.0 * n / cpuSeconds);
        }
        pool.shutdown();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    private static PsiResult run(PsiMode mode, byte[] key, List<String> c, List<String> s, ForkJoinPool pool)
            throws Exception {
        PsiClient client = new PsiClient(mode, key, c, new SecureRandom(), pool);
        PsiServer server = new PsiServer(mode, key, s, new SecureRandom(), pool);
        return client.finish(server.respond(client.createRequest()));
    }
}
