package org.fedra.protocol.query;

import java.time.LocalDate;
import java.util.List;

/** One node of a cohort query's criteria tree. Instances are only built by {@link CohortQuery#parse}, already validated. */
public sealed interface Criterion {
    /** All of the parts hold. */
    record And(List<Criterion> parts) implements Criterion {
        public And { parts = List.copyOf(parts); }
    }

    /** At least one part holds. */
    record Or(List<Criterion> parts) implements Criterion {
        public Or { parts = List.copyOf(parts); }
    }

    /** The part does not hold. */
    record Not(Criterion part) implements Criterion {
    }

    /**
     * The patient has a Condition coded {@code system|code} (or any code starting with {@code code} when
     * {@code prefix}), with onset in the optional window {@code [from, to]} (inclusive days, UTC).
     */
    record HasCondition(String system, String code, boolean prefix, LocalDate from, LocalDate to) implements Criterion {
    }

    /**
     * An Observation coded {@code system|code} in the optional window; with a range ({@code min} and/or
     * {@code max}, in {@code unit}) at least one such observation's value lies in it.
     */
    record HasObservation(String system, String code, Double min, Double max, String unit, LocalDate from, LocalDate to)
            implements Criterion {
        public boolean hasRange() {
            return min != null || max != null;
        }
    }

    /** Age in whole years at the query's reference date within {@code [min, max]} (either may be null). */
    record Age(Integer min, Integer max) implements Criterion {
    }

    /** Administrative gender ({@code female}, {@code male}, {@code other}). */
    record Sex(String gender) implements Criterion {
    }
}
