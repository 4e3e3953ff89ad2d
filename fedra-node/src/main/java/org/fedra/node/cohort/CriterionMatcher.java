package org.fedra.node.cohort;

import org.fedra.protocol.query.Criterion;
import org.fedra.node.fhir.IndexEntry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Decides a criterion for one patient in three-valued logic. What is unknown:
 * <ul>
 *   <li>age when the Patient has neither a birth date nor an age observation (LOINC 30525-0, in years), sex when it
 *       has no gender;</li>
 *   <li>an observation with a value range when the patient has no observation of that code (in the window)
 *       with a value in a comparable unit: nothing to compare, so neither in nor out of range;</li>
 *   <li>any criterion on a resource type the reader may not see for this patient.</li>
 * </ul>
 * A condition, or an observation without a range, that is absent from visible data is false: the problem
 * list is taken as complete for the records the node holds.
 */
final class CriterionMatcher {
    private CriterionMatcher() {
    }

    static Truth evaluate(Criterion c, PatientFacts p, LocalDate referenceDate) {
        if (c instanceof Criterion.And a) {
            Truth t = Truth.TRUE;
            for (Criterion x : a.parts()) t = t.and(evaluate(x, p, referenceDate));
            return t;
        }
        if (c instanceof Criterion.Or o) {
            Truth t = Truth.FALSE;
            for (Criterion x : o.parts()) t = t.or(evaluate(x, p, referenceDate));
            return t;
        }
        if (c instanceof Criterion.Not n) return evaluate(n.part(), p, referenceDate).not();
        if (c instanceof Criterion.HasCondition hc) return condition(hc, p);
        if (c instanceof Criterion.HasObservation ho) return observation(ho, p);
        if (c instanceof Criterion.Age age) return age(age, p, referenceDate);
        Criterion.Sex s = (Criterion.Sex) c;
        return p.gender == null || "unknown".equals(p.gender) ? Truth.UNKNOWN : Truth.of(s.gender().equals(p.gender));
    }

    private static Truth condition(Criterion.HasCondition c, PatientFacts p) {
        if (!p.conditionsVisible) return Truth.UNKNOWN;
        for (IndexEntry e : p.conditions) {
            if (c.system().equals(e.system()) && e.code() != null
                    && (c.prefix() ? e.code().startsWith(c.code()) : e.code().equals(c.code()))
                    && inWindow(e.effectiveAt(), c.from(), c.to())) {
                return Truth.TRUE;
            }
        }
        return Truth.FALSE;
    }

    private static Truth observation(Criterion.HasObservation c, PatientFacts p) {
        if (!p.observationsVisible) return Truth.UNKNOWN;
        boolean comparable = false;
        for (IndexEntry e : p.observations) {
            if (!c.system().equals(e.system()) || !c.code().equals(e.code()) || !inWindow(e.effectiveAt(), c.from(), c.to())) {
                continue;
            }
            if (!c.hasRange()) return Truth.TRUE;
            if (e.value() == null) continue;
            Optional<Double> v = UnitConversion.convert(e.value(), e.unit(), c.unit());
            if (v.isEmpty()) continue;
            comparable = true;
            if ((c.min() == null || v.get() >= c.min()) && (c.max() == null || v.get() <= c.max())) {
                return Truth.TRUE;
            }
        }
        return c.hasRange() && !comparable ? Truth.UNKNOWN : Truth.FALSE;
    }

    /** The LOINC code of "Age" (in years), what tables without birth dates (such as the UCI heart-disease files) record. */
    static final String AGE_SYSTEM = "http://loinc.org";
    static final String AGE_CODE = "30525-0";

    private static Truth age(Criterion.Age c, PatientFacts p, LocalDate referenceDate) {
        Optional<Integer> years = ageAt(p, referenceDate);
        if (years.isEmpty()) return Truth.UNKNOWN;
        return Truth.of((c.min() == null || years.get() >= c.min()) && (c.max() == null || years.get() <= c.max()));
    }

    /**
     * The patient's age in whole years at the reference date: from the birth date; without one, from the most recent
     * age observation (plus the whole years since it was taken, when it is dated; an undated one is taken as current).
     * Records which of the two it used in {@link PatientFacts#ageSource}.
     */
    static Optional<Integer> ageAt(PatientFacts p, LocalDate referenceDate) {
        if (p.birthDate != null) {
            p.ageSource = PatientFacts.AGE_FROM_BIRTH_DATE;
            return Optional.of(Period.between(p.birthDate, referenceDate).getYears());
        }
        if (!p.observationsVisible) return Optional.empty();
        IndexEntry latest = null;
        double value = 0;
        for (IndexEntry e : p.observations) {
            if (!AGE_SYSTEM.equals(e.system()) || !AGE_CODE.equals(e.code()) || e.value() == null) continue;
            Optional<Double> v = UnitConversion.convert(e.value(), e.unit(), "a");
            if (v.isEmpty()) continue;
            boolean newer = latest == null || (e.effectiveAt() != null && (latest.effectiveAt() == null || e.effectiveAt().isAfter(latest.effectiveAt())));
            if (newer) {
                latest = e;
                value = v.get();
            }
        }
        if (latest == null) return Optional.empty();
        p.ageSource = PatientFacts.AGE_FROM_OBSERVATION;
        int since = latest.effectiveAt() == null ? 0
                : Math.max(0, Period.between(latest.effectiveAt().atZone(ZoneOffset.UTC).toLocalDate(), referenceDate).getYears());
        return Optional.of((int) Math.floor(value) + since);
    }

    /** Windows are whole UTC days, both ends inclusive; an undated record is outside any window. */
    static boolean inWindow(Instant at, LocalDate from, LocalDate to) {
        if (from == null && to == null) return true;
        if (at == null) return false;
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
    }
}
