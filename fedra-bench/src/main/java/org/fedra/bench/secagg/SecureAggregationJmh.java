package org.fedra.bench.secagg;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fedra.privacy.secagg.AggregationResult;
import org.fedra.privacy.secagg.FixedPointCodec;
import org.fedra.privacy.secagg.KeyRoster;
import org.fedra.privacy.secagg.MaskedInput;
import org.fedra.privacy.secagg.RoundParameters;
import org.fedra.privacy.secagg.SecAggClient;
import org.fedra.privacy.secagg.SecAggServer;
import org.fedra.privacy.secagg.ShareDelivery;
import org.fedra.privacy.secagg.UnmaskRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of benchmark (c): the two heavy steps of a secure-aggregation round of 10 clients with
 * vectors of 1,000,000 values, beside plain summation of the same vectors. {@code clientMaskInput}
 * is one client masking its input (10 AES-CTR streams of 8 MB); {@code serverFinish} is the
 * server's unmasking with every client surviving, {@code serverFinishThreeDropped} with 3 clients
 * vanished after masking. Every invocation gets a fresh round (state machines allow each step once);
 * preparing it is not timed. Bytes per client are printed by {@link SecureAggregationBenchmark}.
 *
 * <pre>java -jar fedra-bench/target/fedra-bench.jar org.fedra.bench.secagg.SecureAggregationJmh</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SecureAggregationJmh {

    private static final int CLIENTS = 10;
    private static final Set<String> VANISHED = Set.of("site-01", "site-04", "site-09");

    /** Values per client vector. */
    @Param("1000000")
    public int length;

    private final Map<String, double[]> inputs = new LinkedHashMap<>();
    private SecureRandom random;
    private int rounds;

    private SecAggClient nextClient;
    private ShareDelivery nextDelivery;
    private SecAggServer allSurvive;
    private SecAggServer threeDropped;

    /** Generates the inputs once. */
    @Setup(Level.Trial)
    public void generate() throws Exception {
        SplittableRandom data = new SplittableRandom(20261124L);
        for (int c = 0; c < CLIENTS; c++) {
            double[] x = new double[length];
            for (int i = 0; i < length; i++) {
                x[i] = data.nextDouble(-1.0, 1.0);
            }
            inputs.put(String.format("site-%02d", c), x);
        }
        random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(7L);
    }

    /** Prepares fresh rounds: one client ready to mask, two servers ready to finish. */
    @Setup(Level.Invocation)
    public void prepare() {
        Round maskReady = sharedRound();
        nextClient = maskReady.clients.get("site-05");
        nextDelivery = maskReady.deliveries.get("site-05");
        allSurvive = readyToFinish(sharedRound(), Set.of());
        threeDropped = readyToFinish(sharedRound(), VANISHED);
    }

    private record Round(SecAggServer server, Map<String, SecAggClient> clients, Map<String, ShareDelivery> deliveries) {
    }

    private Round sharedRound() {
        RoundParameters p = new RoundParameters("jmh-" + rounds++, 6, length, FixedPointCodec.forClients(CLIENTS));
        SecAggServer server = new SecAggServer(p);
        Map<String, SecAggClient> clients = new LinkedHashMap<>();
        for (String id : inputs.keySet()) {
            SecAggClient c = new SecAggClient(id, p, random);
            clients.put(id, c);
            server.receiveKeys(c.advertiseKeys());
        }
        KeyRoster roster = server.closeKeyCollection();
        clients.values().forEach(c -> server.receiveShares(c.shareKeys(roster)));
        return new Round(server, clients, server.closeShareCollection());
    }

    private SecAggServer readyToFinish(Round round, Set<String> vanished) {
        for (SecAggClient c : round.clients.values()) {
            round.server.receiveMaskedInput(c.maskInput(round.deliveries.get(c.id()), inputs.get(c.id())));
        }
        UnmaskRequest request = round.server.closeMaskedInputCollection(vanished);
        for (String id : request.included()) {
            round.server.receiveUnmaskResponse(round.clients.get(id).unmask(request));
        }
        return round.server;
    }

    /** One client masking its input: encoding plus 1 self-mask and 9 pairwise AES-CTR streams. */
    @Benchmark
    public MaskedInput clientMaskInput() {
        return nextClient.maskInput(nextDelivery, inputs.get(nextClient.id()));
    }

    /** Plain summation of the 10 vectors: the baseline. */
    @Benchmark
    public double[] plainSum() {
        double[] sum = new double[length];
        for (double[] x : inputs.values()) {
            for (int i = 0; i < length; i++) {
                sum[i] += x[i];
            }
        }
        return sum;
    }

    /** The server's unmasking when all 10 clients survive. */
    @Benchmark
    public AggregationResult serverFinish() {
        return allSurvive.finish();
    }

    /** The server's unmasking when 3 clients vanished after masking. */
    @Benchmark
    public AggregationResult serverFinishThreeDropped() {
        return threeDropped.finish();
    }
}
