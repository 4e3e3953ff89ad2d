package org.fedra.bench.psi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fedra.privacy.ristretto.RistrettoElement;
import org.fedra.privacy.ristretto.Scalar;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PSI blinding throughput: per identifier HMAC-SHA-512, element derivation (RFC 9496 one-way map),
 * constant-time scalar multiplication and encoding, i.e. exactly what {@code PsiClient} and
 * {@code PsiServer} do per identifier. {@code native/psi-vs-libsodium.sh} runs this beside the same
 * work done by libsodium and prints the ratio.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PsiBlindingBenchmark {

    /** Per-thread state: its own MAC instance and counter, shared secret scalar. */
    @State(Scope.Thread)
    public static class Party {
        Mac mac;
        Scalar secret;
        long counter;
        int thread;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42);
            byte[] key = new byte[32];
            random.nextBytes(key);
            mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            secret = Scalar.random(random);
            thread = (int) Thread.currentThread().getId();
        }

        byte[] blindNext() {
            byte[] id = ("patient-" + thread + "-" + counter++).getBytes(StandardCharsets.UTF_8);
            return RistrettoElement.fromUniformBytes(mac.doFinal(id)).multiply(secret).encode();
        }
    }

    /** One core. */
    @Benchmark
    @Threads(1)
    public byte[] blindOneCore(Party p) {
        return p.blindNext();
    }

    /** All cores. */
    @Benchmark
    @Threads(Threads.MAX)
    public byte[] blindAllCores(Party p) {
        return p.blindNext();
    }
}
