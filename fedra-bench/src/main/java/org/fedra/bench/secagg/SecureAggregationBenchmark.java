package org.fedra.bench.secagg;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fedra.privacy.secagg.AggregationResult;
import org.fedra.privacy.secagg.FixedPointCodec;
import org.fedra.privacy.secagg.KeyAdvertisement;
import org.fedra.privacy.secagg.KeyRoster;
import org.fedra.privacy.secagg.MaskedInput;
import org.fedra.privacy.secagg.RoundParameters;
import org.fedra.privacy.secagg.SecAggClient;
import org.fedra.privacy.secagg.SecAggServer;
import org.fedra.privacy.secagg.ShareDelivery;
import org.fedra.privacy.secagg.ShareUpload;
import org.fedra.privacy.secagg.UnmaskRequest;
import org.fedra.privacy.secagg.UnmaskResponse;

/**
 * Benchmark (c) of issue 3: secure aggregation of 10 clients' vectors of 1,000,000 values, client
 * and server time and bytes per client, beside plain summation of the same vectors in the same run.
 * Two scenarios: every client survives, and 3 clients vanish after sending their masked input
 * (the server then reconstructs their mask keys and removes 21 pairwise masks).
 *
 * <p>Times are wall-clock medians over the measured repetitions after warm-up, single-threaded;
 * "client" is one client's own work in a round (what it would spend on its own machine), averaged
 * over the 10 clients. Each round checks the secure sum against the plain sum.
 *
 * <pre>java -Xmx3g -cp fedra-bench/target/fedra-bench.jar org.fedra.bench.secagg.SecureAggregationBenchmark [length] [warmup] [measured]</pre>
 */
public final class SecureAggregationBenchmark {

    private static final int CLIENTS = 10;
    private static final int THRESHOLD = 6;

    private SecureAggregationBenchmark() {
    }

    /** Measurements of one round. */
    record RoundFigures(double clientSeconds, double serverSeconds, long uploadBytesPerClient,
                        long downloadBytesPerClient, double maxAbsError) {
    }

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args optional: vector length (1,000,000), warm-up rounds (2), measured rounds (5)
     */
    public static void main(String[] args) throws Exception {
        int length = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 5;

        SplittableRandom data = new SplittableRandom(20261124L);
        Map<String, double[]> inputs = new LinkedHashMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            double[] x = new double[length];
            for (int i = 0; i < length; i++) {
                x[i] = data.nextDouble(-1.0, 1.0);
            }
            inputs.put(String.format("site-%02d", c), x);
        }
        Set<String> vanished = Set.of("site-01", "site-04", "site-09");
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42L);

        double[] plainAll = new double[measured];
        double[][] clientAll = new double[2][measured];
        double[][] serverAll = new double[2][measured];
        RoundFigures[] last = new RoundFigures[2];
        for (int rep = -warmup; rep < measured; rep++) {
            long t0 = System.nanoTime();
            double[] plain = plainSum(inputs, Set.of());
            double plainSeconds = (System.nanoTime() - t0) / 1e9;
            double[] plainSeven = plainSum(inputs, vanished);
            RoundFigures full = round("bench-" + rep + "-a", inputs, Set.of(), plain, random);
            RoundFigures drop = round("bench-" + rep + "-b", inputs, vanished, plainSeven, random);
            if (rep >= 0) {
                plainAll[rep] = plainSeconds;
                clientAll[0][rep] = full.clientSeconds();
                serverAll[0][rep] = full.serverSeconds();
                clientAll[1][rep] = drop.clientSeconds();
                serverAll[1][rep] = drop.serverSeconds();
            }
            last[0] = full;
            last[1] = drop;
        }

        double plain = median(plainAll);
        long plainBytes = 2 + 7 + 4 + 8L * length;
        System.out.printf(Locale.ROOT, "Secure aggregation, %d clients, threshold %d, vector length %,d, "
                + "fixed point 2^-16 in Z_2^64; median of %d rounds after %d warm-up%n",
                CLIENTS, THRESHOLD, length, measured, warmup);
        System.out.printf(Locale.ROOT, "%-38s %12s %12s %14s %14s %12s%n",
                "scenario", "client [s]", "server [s]", "up B/client", "down B/client", "max |err|");
        System.out.printf(Locale.ROOT, "%-38s %12s %12.4f %,14d %14s %12s%n",
                "plain summation (baseline)", "-", plain, plainBytes, "-", "0");
        String[] names = {"secure aggregation, 10 of 10 survive", "secure aggregation, 3 vanish after masking"};
        for (int s = 0; s < 2; s++) {
            System.out.printf(Locale.ROOT, "%-38s %12.4f %12.4f %,14d %,14d %12.2e%n", names[s],
                    median(clientAll[s]), median(serverAll[s]), last[s].uploadBytesPerClient(),
                    last[s].downloadBytesPerClient(), last[s].maxAbsError());
        }
        System.out.printf(Locale.ROOT, "ratios to plain summation: server %.1fx (all survive), %.1fx (3 vanish); "
                + "client %.1fx; upload bytes %.4fx%n",
                median(serverAll[0]) / plain, median(serverAll[1]) / plain, median(clientAll[0]) / plain,
                (double) last[0].uploadBytesPerClient() / plainBytes);
    }

    private static RoundFigures round(String roundId, Map<String, double[]> inputs, Set<String> vanished,
                                      double[] expected, SecureRandom random) {
        int length = expected.length;
        RoundParameters parameters = new RoundParameters(roundId, THRESHOLD, length, FixedPointCodec.forClients(CLIENTS));
        Map<String, SecAggClient> clients = new LinkedHashMap<>();
        long clientNanos = 0;
        long serverNanos = 0;
        long up = 0;
        long down = 0;

        long t = System.nanoTime();
        SecAggServer server = new SecAggServer(parameters);
        serverNanos += System.nanoTime() - t;
        Map<String, KeyAdvertisement> adverts = new LinkedHashMap<>();
        for (String id : inputs.keySet()) {
            t = System.nanoTime();
            SecAggClient c = new SecAggClient(id, parameters, random);
            KeyAdvertisement k = c.advertiseKeys();
            clientNanos += System.nanoTime() - t;
            clients.put(id, c);
            adverts.put(id, k);
            up += WireSize.of(k);
        }
        t = System.nanoTime();
        adverts.values().forEach(server::receiveKeys);
        KeyRoster roster = server.closeKeyCollection();
        serverNanos += System.nanoTime() - t;
        down += CLIENTS * WireSize.of(roster);

        Map<String, ShareUpload> uploads = new LinkedHashMap<>();
        for (SecAggClient c : clients.values()) {
            t = System.nanoTime();
            ShareUpload u = c.shareKeys(roster);
            clientNanos += System.nanoTime() - t;
            uploads.put(c.id(), u);
            up += WireSize.of(u);
        }
        t = System.nanoTime();
        uploads.values().forEach(server::receiveShares);
        Map<String, ShareDelivery> deliveries = server.closeShareCollection();
        serverNanos += System.nanoTime() - t;
        down += deliveries.values().stream().mapToLong(WireSize::of).sum();

        Map<String, MaskedInput> masked = new LinkedHashMap<>();
        for (SecAggClient c : clients.values()) {
            t = System.nanoTime();
            MaskedInput y = c.maskInput(deliveries.get(c.id()), inputs.get(c.id()));
            clientNanos += System.nanoTime() - t;
            masked.put(c.id(), y);
            up += WireSize.of(y);
        }
        t = System.nanoTime();
        masked.values().forEach(server::receiveMaskedInput);
        UnmaskRequest request = server.closeMaskedInputCollection(vanished);
        serverNanos += System.nanoTime() - t;

        for (String id : request.included()) {
            down += WireSize.of(request);
            t = System.nanoTime();
            UnmaskResponse r = clients.get(id).unmask(request);
            clientNanos += System.nanoTime() - t;
            up += WireSize.of(r);
            t = System.nanoTime();
            server.receiveUnmaskResponse(r);
            serverNanos += System.nanoTime() - t;
        }
        t = System.nanoTime();
        AggregationResult result = server.finish();
        serverNanos += System.nanoTime() - t;

        double maxError = 0;
        for (int i = 0; i < length; i++) {
            maxError = Math.max(maxError, Math.abs(result.sum()[i] - expected[i]));
        }
        int counted = CLIENTS - vanished.size();
        if (maxError > counted * FixedPointCodec.RESOLUTION || result.includedClients().size() != counted) {
            throw new IllegalStateException("secure sum differs from the plain sum by " + maxError);
        }
        return new RoundFigures(clientNanos / 1e9 / CLIENTS, serverNanos / 1e9, up / CLIENTS, down / CLIENTS, maxError);
    }

    private static double[] plainSum(Map<String, double[]> inputs, Set<String> excluded) {
        double[] sum = null;
        for (Map.Entry<String, double[]> e : inputs.entrySet()) {
            if (excluded.contains(e.getKey())) {
                continue;
            }
            double[] x = e.getValue();
            if (sum == null) {
                sum = new double[x.length];
            }
            for (int i = 0; i < x.length; i++) {
                sum[i] += x[i];
            }
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
