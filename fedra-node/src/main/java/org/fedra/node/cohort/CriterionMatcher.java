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
 *   <li>age or sex when the Patient has no birth date or gender;</li>
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

    private static Truth age(Criterion.Age c, PatientFacts p, LocalDate referenceDate) {
        if (p.birthDate == null) return Truth.UNKNOWN;
        int years = Period.between(p.birthDate, referenceDate).getYears();
        return Truth.of((c.min() == null || years >= c.min()) && (c.max() == null || years <= c.max()));
    }

    /** Windows are whole UTC days, both ends inclusive; an undated record is outside any window. */
    static boolean inWindow(Instant at, LocalDate from, LocalDate to) {
        if (from == null && to == null) return true;
        if (at == null) return false;
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
    }
}
