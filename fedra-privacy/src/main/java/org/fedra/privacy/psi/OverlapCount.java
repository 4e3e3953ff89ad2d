package org.fedra.privacy.psi;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Overlap counts over n sets that every party has blinded (see {@link PsiParty}): equal identifiers have equal
 * encodings, so counting equal encodings counts shared patients without knowing who they are.
 *
 * <p>Computed as the number of distinct elements per membership pattern (which sets hold the element); every
 * other figure derives from those: per-set sizes, pairwise overlaps, the overlap of any group of sets, and the union,
 * the number of distinct patients across all sets (a patient in two sets counts once).
 */
public final class OverlapCount {
    /** The most sets one count takes (membership patterns are bit masks). */
    public static final int MAX_SETS = 62;

    private final int sets;
    private final Map<Long, Integer> patterns;

    private OverlapCount(int sets, Map<Long, Integer> patterns) {
        this.sets = sets;
        this.patterns = patterns;
    }

    /**
     * Counts over fully blinded sets, in the order given (set {@code i} below is {@code fullyBlinded.get(i)}).
     *
     * @throws PsiProtocolException fewer than 2 or more than {@link #MAX_SETS} sets, or a set holds one encoding twice
     *                              (naming the set and element), which would count a patient twice
     */
    public static OverlapCount of(List<BlindedSet> fullyBlinded) {
        Objects.requireNonNull(fullyBlinded, "fullyBlinded");
        int n = fullyBlinded.size();
        if (n < 2 || n > MAX_SETS) {
            throw new PsiProtocolException("an overlap count needs 2 to " + MAX_SETS + " sets, got " + n);
        }
        Map<ByteBuffer, Long> membership = new HashMap<>();
        for (int i = 0; i < n; i++) {
            BlindedSet set = Objects.requireNonNull(fullyBlinded.get(i), "set " + i);
            long bit = 1L << i;
            List<byte[]> elements = set.internal();
            for (int k = 0; k < elements.size(); k++) {
                ByteBuffer key = ByteBuffer.wrap(elements.get(k));
                Long before = membership.get(key);
                if (before != null && (before & bit) != 0) {
                    throw new PsiProtocolException("set " + i + " holds element " + k + " twice");
                }
                membership.put(key, before == null ? bit : before | bit);
            }
        }
        Map<Long, Integer> patterns = new TreeMap<>();
        for (long mask : membership.values()) {
            patterns.merge(mask, 1, Integer::sum);
        }
        return new OverlapCount(n, Collections.unmodifiableMap(patterns));
    }

    /** How many sets were counted. */
    public int sets() {
        return sets;
    }

    /** Number of elements of set {@code i}. */
    public int size(int i) {
        return common(1L << check(i));
    }

    /** Number of elements sets {@code i} and {@code j} share. */
    public int overlap(int i, int j) {
        if (check(i) == check(j)) {
            throw new IllegalArgumentException("an overlap needs two different sets, got " + i + " twice");
        }
        return common((1L << i) | (1L << j));
    }

    /** Number of elements every set in {@code group} (a bit mask of set indices, bit i = set i) holds. */
    public int common(long group) {
        if (group == 0 || (group >>> sets) != 0) {
            throw new IllegalArgumentException("group " + Long.toBinaryString(group) + " is empty or names a set beyond " + (sets - 1));
        }
        int count = 0;
        for (Map.Entry<Long, Integer> e : patterns.entrySet()) {
            if ((e.getKey() & group) == group) {
                count += e.getValue();
            }
        }
        return count;
    }

    /** Number of distinct elements over all sets: each shared patient counted once. */
    public int union() {
        int count = 0;
        for (int c : patterns.values()) {
            count += c;
        }
        return count;
    }

    /** Number of elements held by exactly the sets of each pattern (bit i = set i); patterns with none are absent. */
    public Map<Long, Integer> patterns() {
        return patterns;
    }

    private int check(int i) {
        if (i < 0 || i >= sets) {
            throw new IllegalArgumentException("set index " + i + " is outside 0.." + (sets - 1));
        }
        return i;
    }
}
