package org.fedra.bench.psi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fedra.privacy.ristretto.RistrettoElement;
import org.fedra.privacy.ristretto.Scalar;

/**
 * Companion of {@link PsiBlindingBenchmark} that also reports throughput per CPU-second of the
 * measuring threads, like the libsodium program does. On a machine shared with other work the
 * wall-clock rates of two programs measured one after the other differ by the load of the moment;
 * the CPU-time rates do not, so their ratio is the fairer comparison.
 * Usage: {@code java -cp fedra-bench.jar org.fedra.bench.psi.PsiBlindingCpuTime <seconds> <threads>}.
 */
public final class PsiBlindingCpuTime {
    private PsiBlindingCpuTime() {
    }

    /** Entry point; prints {@code java threads=<n> ops_per_s=<x> ops_per_cpu_s=<y>}. */
    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        int threads = Integer.parseInt(args[1]);
        run(Math.max(3, seconds), 1); // warm-up: lets the JIT compile the hot path
        long[] result = run(seconds, threads);
        System.out.printf("java threads=%d ops_per_s=%.1f ops_per_cpu_s=%.1f%n", threads,
                result[0] / (result[1] / 1e9), result[0] / (result[2] / 1e9));
    }

    /** Returns {ops, wall nanos, cpu nanos}. */
    private static long[] run(double seconds, int threads) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] ops = new long[threads];
        long[] cpu = new long[threads];
        Thread[] ts = new Thread[threads];
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            final int id = t;
            ts[t] = new Thread(() -> {
                try {
                    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
                    random.setSeed(42 + id);
                    byte[] key = new byte[32];
                    random.nextBytes(key);
                    Mac mac = Mac.getInstance("HmacSHA512");
                    mac.init(new SecretKeySpec(key, "HmacSHA512"));
                    Scalar secret = Scalar.random(random);
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long n = 0;
                    int sink = 0;
                    while (System.nanoTime() < end) {
                        for (int k = 0; k < 16; k++, n++) {
                            byte[] in = ("patient-" + id + "-" + n).getBytes(StandardCharsets.UTF_8);
                            sink ^= RistrettoElement.fromUniformBytes(mac.doFinal(in)).multiply(secret).encode()[0];
                        }
                    }
                    cpu[id] = mx.getCurrentThreadCpuTime() - cpu0;
                    ops[id] = n + (sink == 1000 ? 1 : 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ts[t].start();
        }
        long total = 0;
        long cpuTotal = 0;
        for (int t = 0; t < threads; t++) {
            ts[t].join();
            total += ops[t];
            cpuTotal += cpu[t];
        }
        return new long[] {total, System.nanoTime() - start, cpuTotal};
    }
}
