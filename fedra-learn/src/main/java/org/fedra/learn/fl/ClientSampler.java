package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Chooses the nodes of a round: uniformly without replacement, deterministic from (job seed, round). */
public final class ClientSampler {
    private ClientSampler() {
    }

    /**
     * {@code count} of {@code nodes} for {@code round}, sorted by id; every node when count is 0 or at least
     * the number of nodes. The result does not depend on the order of {@code nodes}.
     */
    public static List<String> sample(List<String> nodes, int count, long jobSeed, int round) {
        List<String> sorted = new ArrayList<>(nodes);
        sorted.sort(null);
        if (count == 0 || count >= sorted.size()) {
            return List.copyOf(sorted);
        }
        if (count < 0) {
            throw new IllegalArgumentException("clientsPerRound must be >= 0, was " + count);
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(jobSeed, round, "sample"));
        for (int i = sorted.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = sorted.get(i);
            sorted.set(i, sorted.get(j));
            sorted.set(j, t);
        }
        List<String> chosen = new ArrayList<>(sorted.subList(0, count));
        chosen.sort(null);
        return List.copyOf(chosen);
    }
}
