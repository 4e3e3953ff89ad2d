package org.fedra.privacy.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Guards the counts released for one study against differencing. It lives on the node and keeps,
 * for every count it let out, the set of record ids (opaque pseudonyms) that made it up; those
 * sets never leave the node.
 *
 * <p>A new count over cohort {@code S} is refused when
 * <ol>
 *   <li>{@code 0 < |S| < minimum} (small cell);</li>
 *   <li>for some earlier released cohort {@code T}, {@code 0 < |S Δ T| < minimum}: subtracting the
 *       two counts would isolate fewer than {@code minimum} patients (count of all, then count of
 *       all but one);</li>
 *   <li>combined with all earlier releases, the counts pin down exactly the size of some group
 *       of patients (an "atom": records that belong to exactly the same released cohorts) that
 *       has between 1 and {@code minimum - 1} members, e.g. |A|, |B| and |A ∪ B| give |A ∩ B|.
 *       This is found by exact linear elimination over the atoms.</li>
 * </ol>
 * A refused count leaves the auditor unchanged. The check is sound for the linear inferences
 * named above but not complete: an attacker with side knowledge about specific patients may
 * still learn more.
 *
 * <p>Cost: the linear check eliminates a (queries × atoms) 0/1 system exactly; atoms are at most
 * the number of distinct records. Criteria-based cohorts give few atoms (milliseconds); 40
 * releases of random halves of 5,000 records take about a second per check on one core.
 *
 * <p>Not thread-safe; one auditor per study, used under the study's lock.
 */
public final class QueryAuditor {
    private final long minimum;
    private final List<String> labels = new ArrayList<>();
    private final List<Set<String>> released = new ArrayList<>();

    /**
     * @param minimum the smallest group of patients any release or difference of releases may
     *                isolate, {@code >= 1}
     */
    public QueryAuditor(long minimum) {
        if (minimum < 1) {
            throw new IllegalArgumentException("minimum group size must be >= 1, was " + minimum);
        }
        this.minimum = minimum;
    }

    public long minimum() {
        return minimum;
    }

    /** How many counts have been released. */
    public int releasedCount() {
        return released.size();
    }

    /**
     * Checks a count and, if it is safe, records it as released.
     *
     * @param label a name for the query, used in refusals (for example the query id)
     * @param recordIds the ids of the records the count is over; duplicates count once
     * @return the count {@code |recordIds|} to release
     * @throws DisclosureRefusedException if the release would isolate a small group; nothing is recorded then
     */
    public long release(String label, Collection<String> recordIds) {
        Objects.requireNonNull(label, "label");
        Set<String> cohort = Set.copyOf(new HashSet<>(Objects.requireNonNull(recordIds, "recordIds")));
        check(label, cohort);
        labels.add(label);
        released.add(cohort);
        return cohort.size();
    }

    /** Whether {@link #release} would accept this cohort now (records nothing). */
    public boolean wouldRelease(Collection<String> recordIds) {
        try {
            check("probe", Set.copyOf(new HashSet<>(recordIds)));
            return true;
        } catch (DisclosureRefusedException e) {
            return false;
        }
    }

    private void check(String label, Set<String> cohort) {
        int n = cohort.size();
        if (n > 0 && n < minimum) {
            throw new DisclosureRefusedException("query '" + label + "' counts " + n
                    + " records, below the minimum of " + minimum);
        }
        for (int i = 0; i < released.size(); i++) {
            long difference = symmetricDifference(cohort, released.get(i));
            if (difference > 0 && difference < minimum) {
                throw new DisclosureRefusedException("query '" + label + "' differs from released query '"
                        + labels.get(i) + "' by " + difference + " records, below the minimum of " + minimum);
            }
        }
        checkAtoms(label, cohort);
    }

    private static long symmetricDifference(Set<String> a, Set<String> b) {
        long common = 0;
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String id : small) {
            if (large.contains(id)) {
                common++;
            }
        }
        return a.size() + b.size() - 2 * common;
    }

    private void checkAtoms(String label, Set<String> cohort) {
        List<Set<String>> queries = new ArrayList<>(released);
        queries.add(cohort);
        // group records by the set of queries they belong to
        Map<String, BitSet> membership = new HashMap<>();
        for (int q = 0; q < queries.size(); q++) {
            for (String id : queries.get(q)) {
                membership.computeIfAbsent(id, k -> new BitSet()).set(q);
            }
        }
        Map<BitSet, Integer> atomIndex = new HashMap<>();
        List<BitSet> atoms = new ArrayList<>();
        List<Long> atomSizes = new ArrayList<>();
        for (BitSet signature : membership.values()) {
            Integer k = atomIndex.get(signature);
            if (k == null) {
                atomIndex.put(signature, atoms.size());
                atoms.add(signature);
                atomSizes.add(1L);
            } else {
                atomSizes.set(k, atomSizes.get(k) + 1);
            }
        }
        LinearSystem system = new LinearSystem(atoms.size());
        for (int q = 0; q < queries.size(); q++) {
            long[] coef = new long[atoms.size()];
            for (int a = 0; a < atoms.size(); a++) {
                coef[a] = atoms.get(a).get(q) ? 1 : 0;
            }
            system.addEquation(coef, queries.get(q).size());
        }
        for (Integer a : system.determined().keySet()) {
            long size = atomSizes.get(a);
            if (size > 0 && size < minimum) {
                throw new DisclosureRefusedException("query '" + label + "' together with earlier releases determines a"
                        + " group of " + size + " records, below the minimum of " + minimum);
            }
        }
    }
}
