package org.fedra.bench.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.fedra.privacy.audit.AuditChain;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.Certificates;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit appends per second with N concurrent writers (group commit: the entries of writers that arrive while a batch is
 * being forced share the next forced write), beside the hardware's limit for one forced write per entry, measured in the
 * same run: a plain {@link FileChannel} loop appending a line of an entry's size and forcing it ({@code forcedWrite}).
 * Every {@code append} returns only once its entry is on the disk under a signed head, like the baseline's write.
 * {@code entrySignature} is the other bound, on the processor: the signature each entry carries (the chain's format,
 * which group commit leaves unchanged), made one after another by the batch's writer since each signs the hash of the
 * entry before it.
 * The files go to the temporary directory, or to {@code fedra.bench.dir} given to the benchmark's JVM (the disk a node's
 * data directory would be on).
 *
 * <pre>java -jar fedra-bench/target/fedra-bench.jar org.fedra.bench.audit.AuditAppendJmh [-jvmArgsAppend -Dfedra.bench.dir=DIR]</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class AuditAppendJmh {
    /** An audit entry as the log writes it is about 400 bytes: the baseline writes lines of that size. */
    private static final byte[] LINE = (("{\"seq\":123456,\"time\":\"2026-12-05T10:00:00.123456Z\",\"actor\":\"researcher:uni-research\",\"action\":"
            + "\"secagg.contribution\",\"detail\":\"task t-0123456789abcdef (job j-0123), 412 bytes\",\"prev\":\"" + "0".repeat(64)
            + "\",\"hash\":\"" + "f".repeat(64) + "\",\"sig\":\"" + "A".repeat(96) + "\"}\n")).getBytes(StandardCharsets.UTF_8);

    static Path directory(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("fedra.bench.dir", System.getProperty("java.io.tmpdir")));
        return Files.createTempDirectory(base, prefix);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One audit log shared by all writer threads of a benchmark. */
    @State(Scope.Benchmark)
    public static class Log {
        Path dir;
        AuditLog log;
        final AtomicLong n = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = directory("audit-jmh");
            log = AuditLog.open(dir, Certificates.newKeyPair(), Clock.systemUTC(), Principal.node("node-bench"));
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            delete(dir);
        }
    }

    /** The baseline's file, one forced write per line. */
    @State(Scope.Benchmark)
    public static class PlainFile {
        Path dir;
        FileChannel channel;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = directory("forced-write-jmh");
            channel = FileChannel.open(dir.resolve("lines"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            channel.close();
            delete(dir);
        }
    }

    /** A key and the chain's signature scheme, for {@code entrySignature}. */
    @State(Scope.Benchmark)
    public static class Signer {
        final AuditChain chain = new AuditChain(Certificates.SIGNATURE_ALGORITHM);
        final KeyPair key = Certificates.newKeyPair();
        final String entry = new String(LINE, StandardCharsets.UTF_8);
    }

    private static Object append(Log l) {
        return l.log.append(AuditAction.SECAGG_CONTRIBUTION, Principal.researcher("uni-research"), "task t-" + l.n.incrementAndGet() + ", 412 bytes");
    }

    /** The hardware limit of one forced write per entry: write a line, force it, repeat. */
    @Benchmark
    @Threads(1)
    public void forcedWrite(PlainFile f) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(LINE);
        while (b.hasRemaining()) {
            f.channel.write(b);
        }
        f.channel.force(false);
    }

    /** The processor's limit for one writer: signing one entry (the log's head adds one more signature per batch). */
    @Benchmark
    @Threads(1)
    public Object entrySignature(Signer s) {
        return s.chain.sign(s.entry, s.key.getPrivate());
    }

    @Benchmark
    @Threads(1)
    public Object groupCommit01(Log l) {
        return append(l);
    }

    @Benchmark
    @Threads(4)
    public Object groupCommit04(Log l) {
        return append(l);
    }

    @Benchmark
    @Threads(16)
    public Object groupCommit16(Log l) {
        return append(l);
    }

    @Benchmark
    @Threads(64)
    public Object groupCommit64(Log l) {
        return append(l);
    }
}
