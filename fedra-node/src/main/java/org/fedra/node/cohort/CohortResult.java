package org.fedra.node.cohort;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The patients of one node in each {@link FeasibilityCategory}, by the node's pseudonymous patient id.
 * These ids never leave the node: only {@link FeasibilityCounts} are released.
 */
public final class CohortResult {
    private final Map<FeasibilityCategory, SortedSet<String>> patients = new EnumMap<>(FeasibilityCategory.class);

    CohortResult() {
        for (FeasibilityCategory c : FeasibilityCategory.values()) patients.put(c, new TreeSet<>());
    }

    private final SortedSet<String> ageSources = new TreeSet<>();

    void ageSource(String source) {
        if (source != null) ageSources.add(source);
    }

    /**
     * Where the ages that criteria needed came from: "birth date" and/or the most recent age observation (for patients
     * without a birth date); empty when no criterion needed an age.
     */
    public Set<String> ageSources() {
        return Collections.unmodifiableSortedSet(ageSources);
    }

    void add(FeasibilityCategory c, String patientId) {
        patients.get(c).add(patientId);
    }

    /** The patients in a category, sorted. */
    public Set<String> patients(FeasibilityCategory c) {
        return Collections.unmodifiableSortedSet(patients.get(c));
    }

    /** The exact number of patients in a category (node-internal; release only through {@link FeasibilityCounts}). */
    public int count(FeasibilityCategory c) {
        return patients.get(c).size();
    }
}
