package org.fedra.privacy.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test helper that plays a whole round between real clients and a real server, with dropouts. */
final class RoundDriver {

    final RoundParameters parameters;
    final SecAggServer server;
    final Map<String, SecAggClient> clients = new LinkedHashMap<>();
    final Map<String, double[]> inputs = new LinkedHashMap<>();

    Set<String> skipShares = Set.of();
    Set<String> skipMaskedInput = Set.of();
    Set<String> vanishAfterMasking = Set.of();
    Set<String> skipUnmask = Set.of();

    KeyRoster roster;
    Map<String, ShareDelivery> deliveries;
    Map<String, MaskedInput> maskedInputs = new LinkedHashMap<>();
    UnmaskRequest unmaskRequest;

    RoundDriver(RoundParameters parameters, int clientCount, SecureRandom random) {
        this.parameters = parameters;
        this.server = new SecAggServer(parameters);
        for (int i = 0; i < clientCount; i++) {
            String id = String.format("node-%02d", i);
            clients.put(id, new SecAggClient(id, parameters, random));
            double[] x = new double[parameters.vectorLength()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (random.nextDouble() - 0.5) * 2000.0;
            }
            inputs.put(id, x);
        }
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void advertise() {
        clients.values().forEach(c -> server.receiveKeys(c.advertiseKeys()));
        roster = server.closeKeyCollection();
    }

    void share() {
        for (SecAggClient c : clients.values()) {
            ShareUpload upload = c.shareKeys(roster);
            if (!skipShares.contains(c.id())) {
                server.receiveShares(upload);
            }
        }
        deliveries = server.closeShareCollection();
    }

    void mask() {
        for (SecAggClient c : clients.values()) {
            if (skipShares.contains(c.id())) {
                continue;
            }
            MaskedInput y = c.maskInput(deliveries.get(c.id()), inputs.get(c.id()));
            maskedInputs.put(c.id(), y);
            if (!skipMaskedInput.contains(c.id())) {
                server.receiveMaskedInput(y);
            }
        }
        unmaskRequest = server.closeMaskedInputCollection(vanishAfterMasking);
    }

    AggregationResult unmaskAndFinish() {
        for (String u : unmaskRequest.included()) {
            if (!skipUnmask.contains(u)) {
                server.receiveUnmaskResponse(clients.get(u).unmask(unmaskRequest));
            }
        }
        return server.finish();
    }

    AggregationResult run() {
        advertise();
        share();
        mask();
        return unmaskAndFinish();
    }

    /** The exact fixed-point sum of the given clients' inputs. */
    long[] encodedSumOf(Set<String> ids) {
        long[] sum = new long[parameters.vectorLength()];
        for (String id : ids) {
            long[] e = parameters.codec().encode(inputs.get(id));
            for (int i = 0; i < sum.length; i++) {
                sum[i] += e[i];
            }
        }
        return sum;
    }

    double[] plainSumOf(Set<String> ids) {
        double[] sum = new double[parameters.vectorLength()];
        for (String id : ids) {
            double[] x = inputs.get(id);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += x[i];
            }
        }
        return sum;
    }

    Set<String> idsExcept(Set<String> excluded) {
        Set<String> ids = new HashSet<>(clients.keySet());
        ids.removeAll(excluded);
        return ids;
    }

    static Set<String> ids(String... ids) {
        return Set.of(ids);
    }

    static List<String> list(Set<String> ids) {
        return new ArrayList<>(ids);
    }
}
