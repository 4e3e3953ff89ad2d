package org.fedra.hub.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.privacy.securityindex.Remediation;
import org.fedra.privacy.securityindex.RemediationKind;

/**
 * Synthetic interconnection topologies for tests, benchmarks and demonstrations: routers scattered over a unit square,
 * each linked to its nearest routers (a random geometric graph, connected by linking every router to its nearest
 * predecessor), access nodes linked to their two nearest routers, hospital nodes and the hub attached to access
 * nodes. Delay grows with distance; capacity and available bandwidth vary. About a third of the nodes carry declared
 * vulnerabilities from a fixed pool (one CVSS score per vulnerability), some remediated. Same size and seed, same
 * topology.
 */
public final class TopologyGenerator {
    private static final int POOL = 40;
    private static final long MBIT = 1_000_000L;

    private TopologyGenerator() {
    }

    /**
     * A topology of {@code networkNodes} nodes (at least 10): a fifth hospital nodes, a fifth access nodes, one hub,
     * the rest routers. Node ids: {@code r0..}, {@code a0..}, {@code h0..}, {@code hub}.
     */
    public static Topology generate(int networkNodes, long seed) {
        if (networkNodes < 10) {
            throw new IllegalArgumentException("a generated topology needs at least 10 nodes, not " + networkNodes);
        }
        Random random = new Random(seed);
        int hospitals = networkNodes / 5;
        int access = networkNodes / 5;
        int routers = networkNodes - hospitals - access - 1;
        double[][] routerAt = points(random, routers);
        double[][] accessAt = points(random, access);
        double[] poolScores = new double[POOL];
        for (int i = 0; i < POOL; i++) {
            poolScores[i] = Math.round((1 + random.nextDouble() * 9) * 10) / 10.0;
        }
        List<NetworkNode> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < routers; i++) {
            nodes.add(new NetworkNode("r" + i, NetworkNode.Kind.ROUTER, null, findings(random, poolScores)));
        }
        for (int i = 0; i < access; i++) {
            nodes.add(new NetworkNode("a" + i, NetworkNode.Kind.ACCESS, null, findings(random, poolScores)));
        }
        for (int i = 0; i < hospitals; i++) {
            nodes.add(new NetworkNode("h" + i, NetworkNode.Kind.HOSPITAL, null, findings(random, poolScores)));
        }
        nodes.add(new NetworkNode("hub", NetworkNode.Kind.HUB, null, List.of()));
        for (int i = 1; i < routers; i++) {
            int nearest = nearest(routerAt, routerAt[i], i, -1);
            links.add(link(random, links.size(), "r" + i, "r" + nearest, distance(routerAt[i], routerAt[nearest]),
                    10_000));
        }
        for (int i = 0; i < routers; i++) {
            int[] near = nearestK(routerAt, routerAt[i], 3, i);
            for (int j : near) {
                if (j > i) {
                    links.add(link(random, links.size(), "r" + i, "r" + j, distance(routerAt[i], routerAt[j]), 10_000));
                }
            }
        }
        for (int i = 0; i < access; i++) {
            for (int j : nearestK(routerAt, accessAt[i], 2, -1)) {
                links.add(link(random, links.size(), "a" + i, "r" + j, distance(accessAt[i], routerAt[j]), 1_000));
            }
        }
        for (int i = 0; i < hospitals; i++) {
            links.add(link(random, links.size(), "h" + i, "a" + random.nextInt(access), 0.002, 1_000));
        }
        links.add(link(random, links.size(), "hub", "a0", 0.001, 10_000));
        return Topology.of(nodes, links);
    }

    private static List<Finding> findings(Random random, double[] poolScores) {
        if (random.nextInt(3) != 0) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        List<Integer> taken = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int v = random.nextInt(poolScores.length);
            if (taken.contains(v)) {
                continue;
            }
            taken.add(v);
            Remediation r = random.nextInt(4) == 0
                    ? new Remediation(RemediationKind.COMPENSATING_CONTROL, 2 + random.nextInt(3), "generated")
                    : Remediation.NONE;
            out.add(new Finding(String.format("CVE-2099-%04d", v), poolScores[v], "DECLARED", 1, r, List.of()));
        }
        return out;
    }

    /** Delay 100 us plus 20 ms per unit of distance; available bandwidth 5 % to 100 % of capacity, in Mbit. */
    private static Link link(Random random, int index, String a, String b, double distance, long capacityMbit) {
        long delay = 100 + Math.round(distance * 20_000);
        long available = Math.max(1, Math.round(capacityMbit * (0.05 + 0.95 * random.nextDouble())));
        return new Link("l" + index, a, b, capacityMbit * MBIT, available * MBIT, delay);
    }

    private static double[][] points(Random random, int n) {
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            p[i][0] = random.nextDouble();
            p[i][1] = random.nextDouble();
        }
        return p;
    }

    private static double distance(double[] p, double[] q) {
        return Math.hypot(p[0] - q[0], p[1] - q[1]);
    }

    /** The nearest of the first {@code limit} points (all if negative) to {@code at}. */
    private static int nearest(double[][] points, double[] at, int limit, int skip) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        int n = limit < 0 ? points.length : limit;
        for (int i = 0; i < n; i++) {
            double d = distance(points[i], at);
            if (i != skip && d < bestD) {
                best = i;
                bestD = d;
            }
        }
        return best;
    }

    /** The {@code k} nearest points to {@code at}, except {@code skip}. */
    private static int[] nearestK(double[][] points, double[] at, int k, int skip) {
        int m = Math.min(k, points.length - (skip >= 0 ? 1 : 0));
        int[] best = new int[m];
        double[] bestD = new double[m];
        java.util.Arrays.fill(best, -1);
        java.util.Arrays.fill(bestD, Double.MAX_VALUE);
        for (int i = 0; i < points.length; i++) {
            if (i == skip) {
                continue;
            }
            double d = distance(points[i], at);
            for (int s = 0; s < m; s++) {
                if (d < bestD[s]) {
                    System.arraycopy(best, s, best, s + 1, m - s - 1);
                    System.arraycopy(bestD, s, bestD, s + 1, m - s - 1);
                    best[s] = i;
                    bestD[s] = d;
                    break;
                }
            }
        }
        return best;
    }
}
