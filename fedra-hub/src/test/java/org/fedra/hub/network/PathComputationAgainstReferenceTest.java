package org.fedra.hub.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.privacy.securityindex.Remediation;
import org.fedra.privacy.securityindex.SecurityIndex;
import org.junit.jupiter.api.Test;

/**
 * Acceptance point 2 of issue 15: on generated topologies of 50, 1,000 and 10,000 network nodes the engine's answers
 * equal exhaustive search (small graphs) or an independent Dijkstra on the pruned graph (large ones); the
 * multi-criteria variant equals exhaustive search on many small random graphs.
 */
class PathComputationAgainstReferenceTest {
    private static final long MBIT = 1_000_000L;

    private static SecurePathEngine engine(Topology t) {
        return SecurePathEngine.of(t, SecurityIndex.of(t.declaredFindings().snapshot()));
    }

    /** Compares delay and outcome; checks that a found path is a real path meeting every constraint. */
    private static void check(SecurePathEngine e, Topology t, PathRequest r, PathResult got, long expected) {
        if (expected < 0 || expected > r.maxDelay()) {
            assertThat(got.found()).as("%s: reference finds no path within bounds, engine: %s", r, got).isFalse();
            return;
        }
        assertThat(got.found()).as("%s: %s", r, got.message()).isTrue();
        assertThat(got.delay()).as("%s", r).isEqualTo(expected);
        assertThat(got.nodes().get(0)).isEqualTo(r.source());
        assertThat(got.nodes().get(got.nodes().size() - 1)).isEqualTo(r.destination());
        long delay = 0;
        for (int i = 0; i < got.links().size(); i++) {
            Link l = t.link(got.links().get(i));
            assertThat(List.of(l.a(), l.b())).contains(got.nodes().get(i), got.nodes().get(i + 1));
            assertThat(l.available()).isGreaterThanOrEqualTo(r.bandwidth());
            delay += l.delay();
        }
        assertThat(delay).isEqualTo(got.delay());
        got.nodes().forEach(n -> assertThat(e.index(n)).isGreaterThanOrEqualTo(r.minIndex()));
    }

    private static PathRequest randomRequest(Random random, List<String> ids, long maxDelay) {
        String s = ids.get(random.nextInt(ids.size()));
        String d = ids.get(random.nextInt(ids.size()));
        long bandwidth = (random.nextInt(6) * 200L) * MBIT;
        double minIndex = new double[] {0, 90, 95, 98, 99.5}[random.nextInt(5)];
        return new PathRequest(s, d, bandwidth, maxDelay, minIndex);
    }

    @Test
    void fiftyNodesEqualExhaustiveSearch() {
        for (long seed = 1; seed <= 3; seed++) {
            Topology t = TopologyGenerator.generate(50, seed);
            SecurePathEngine e = engine(t);
            IndependentRouting ref = new IndependentRouting(t);
            Random random = new Random(seed);
            for (int i = 0; i < 150; i++) {
                PathRequest r = randomRequest(random, ref.ids(), 1_000 * (5 + random.nextInt(30)));
                long expected = ref.bruteForce(r.source(), r.destination(), r.bandwidth(), r.minIndex(), r.maxDelay(),
                        Double.MAX_VALUE, e);
                check(e, t, r, e.route(r), expected);
                double maxRisk = random.nextDouble() * 0.2;
                long bounded = ref.bruteForce(r.source(), r.destination(), r.bandwidth(), r.minIndex(), r.maxDelay(),
                        maxRisk, e);
                PathResult got = e.routeWithinRisk(r, maxRisk, Map.of());
                check(e, t, r, got, bounded);
                if (got.found()) {
                    assertThat(got.attackProbability()).isLessThanOrEqualTo(maxRisk);
                }
            }
        }
    }

    @Test
    void oneThousandNodesEqualIndependentDijkstra() {
        compareWithDijkstra(1_000, 11, 150);
    }

    @Test
    void tenThousandNodesEqualIndependentDijkstra() {
        compareWithDijkstra(10_000, 12, 40);
    }

    private static void compareWithDijkstra(int size, long seed, int requests) {
        Topology t = TopologyGenerator.generate(size, seed);
        SecurePathEngine e = engine(t);
        IndependentRouting ref = new IndependentRouting(t);
        Random random = new Random(seed);
        int found = 0;
        for (int i = 0; i < requests; i++) {
            PathRequest r = randomRequest(random, ref.ids(), 1_000_000);
            long expected = ref.dijkstra(r.source(), r.destination(), r.bandwidth(), r.minIndex(), e);
            PathResult got = e.route(r);
            check(e, t, r, got, expected);
            found += got.found() ? 1 : 0;
        }
        // the sample must exercise both answers, or it proves little
        assertThat(found).isBetween(requests / 10, requests - requests / 20);
    }

    /** Many small random graphs (random links, random vulnerabilities), the risk-bounded variant against brute force. */
    @Test
    void riskBoundedEqualsExhaustiveSearchOnSmallRandomGraphs() {
        Random random = new Random(2026);
        for (int g = 0; g < 300; g++) {
            int n = 4 + random.nextInt(7);
            List<NetworkNode> nodes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Finding> f = random.nextInt(2) == 0 ? List.of() : List.of(new Finding("CVE-" + i,
                        1 + random.nextInt(10), "DECLARED", 1, Remediation.NONE, List.of()));
                nodes.add(new NetworkNode("n" + i, NetworkNode.Kind.ROUTER, null, f));
            }
            List<Link> links = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (random.nextInt(3) == 0) {
                        long cap = (1 + random.nextInt(10)) * 100 * MBIT;
                        links.add(new Link("l" + links.size(), "n" + i, "n" + j, cap, cap,
                                random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(20)));
                    }
                }
            }
            Topology t = Topology.of(nodes, links);
            SecurePathEngine e = engine(t);
            IndependentRouting ref = new IndependentRouting(t);
            for (int q = 0; q < 10; q++) {
                PathRequest r = new PathRequest("n" + random.nextInt(n), "n" + random.nextInt(n),
                        random.nextInt(5) * 100 * MBIT, 10 + random.nextInt(50), random.nextInt(3) == 0 ? 60 : 0);
                double maxRisk = random.nextDouble();
                check(e, t, r, e.routeWithinRisk(r, maxRisk, Map.of()), ref.bruteForce(r.source(), r.destination(),
                        r.bandwidth(), r.minIndex(), r.maxDelay(), maxRisk, e));
                check(e, t, r, e.route(r), ref.bruteForce(r.source(), r.destination(), r.bandwidth(), r.minIndex(),
                        r.maxDelay(), Double.MAX_VALUE, e));
            }
        }
    }
}
