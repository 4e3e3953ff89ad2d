package org.fedra.node.cohort;

import org.fedra.protocol.query.CohortQuery;
import org.fedra.node.consent.ConsentDecision;
import org.fedra.node.consent.ConsentEngine;
import org.fedra.node.consent.Consents;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feasibility on 500 synthetic patients, checked against a direct count written here independently: the
 * stored resources are read one by one, each query's meaning is coded by hand, and the consent engine's
 * {@code decide()} is asked per patient. (The synthetic Consents never restrict resource types, so a patient
 * is usable exactly when every type the query reads is permitted and the query holds on their data.)
 */
class CohortEvaluatorTest {
    private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    private static final String LOINC = "http://loinc.org";
    private static final LocalDate REF = LocalDate.of(2026, 1, 1);
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final DisclosureSettings DISCLOSURE = new DisclosureSettings(10, 5);

    @TempDir
    static Path objects;
    static TestNode node;
    static Map<String, List<Resource>> byPatient;

    /** A query and its meaning coded independently: true, false, or null for "cannot be decided". */
    record Case(String json, List<String> types, Function<List<Resource>, Boolean> meaning) {
    }

    static final Case HYPERTENSIVE_40_TO_80 = new Case(
            "{\"and\": [{\"condition\": {\"system\": \"" + ICD10 + "\", \"code\": \"I10\"}}, {\"age\": {\"min\": 40, \"max\": 80}}]}",
            List.of("Patient", "Condition"),
            rs -> hasCondition(rs, c -> c.equals("I10")) && age(rs) >= 40 && age(rs) <= 80);

    static final Case DIABETIC_OR_HIGH_HBA1C_LATE_2025 = new Case(
            "{\"or\": [{\"condition\": {\"system\": \"" + ICD10 + "\", \"code\": \"E11\", \"prefix\": true}},"
                    + " {\"observation\": {\"system\": \"" + LOINC + "\", \"code\": \"4548-4\", \"min\": 6.5, \"max\": 20, \"unit\": \"%\","
                    + " \"from\": \"2025-07-01\", \"to\": \"2025-12-31\"}}]}",
            List.of("Patient", "Condition", "Observation"),
            rs -> {
                if (hasCondition(rs, c -> c.startsWith("E11"))) return true;
                List<Double> v = values(rs, "4548-4", LocalDate.of(2025, 7, 1), LocalDate.of(2025, 12, 31), 1.0);
                if (v.isEmpty()) return null;
                return v.stream().anyMatch(x -> x >= 6.5 && x <= 20);
            });

    /** Cholesterol is stored in mg/dL and asked for in g/L: the conversion table is exercised. */
    static final Case WOMEN_WITHOUT_CHD_HIGH_CHOLESTEROL = new Case(
            "{\"and\": [{\"sex\": \"female\"}, {\"not\": {\"condition\": {\"system\": \"" + ICD10 + "\", \"code\": \"I25.1\"}}},"
                    + " {\"observation\": {\"system\": \"" + LOINC + "\", \"code\": \"2093-3\", \"min\": 2.405, \"max\": 3.995, \"unit\": \"g/L\"}}]}",
            List.of("Patient", "Condition", "Observation"),
            rs -> {
                Patient p = (Patient) rs.get(0);
                if (!p.getGender().toCode().equals("female") || hasCondition(rs, c -> c.equals("I25.1"))) return false;
                List<Double> v = values(rs, "2093-3", null, null, 0.01);
                if (v.isEmpty()) return null;
                return v.stream().anyMatch(x -> x >= 2.405 && x <= 3.995);
            });

    /** Over-65s with an HbA1c measured in December 2025 that is not above 6: many cannot be assessed. */
    static final Case OLD_WITH_NORMAL_HBA1C_IN_DECEMBER = new Case(
            "{\"and\": [{\"age\": {\"min\": 65}}, {\"observation\": {\"system\": \"" + LOINC + "\", \"code\": \"4548-4\", \"max\": 6, \"unit\": \"%\","
                    + " \"from\": \"2025-12-01\", \"to\": \"2025-12-31\"}}]}",
            List.of("Patient", "Observation"),
            rs -> {
                if (age(rs) < 65) return false;
                List<Double> v = values(rs, "4548-4", LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 31), 1.0);
                if (v.isEmpty()) return null;
                return v.stream().anyMatch(x -> x <= 6);
            });

    @BeforeAll
    static void load() {
        node = new TestNode(objects, DISCLOSURE);
        SyntheticCohort cohort = new SyntheticCohort(SiteProfile.cityUniversity(), 20260101L, REF.minusDays(1));
        List<Resource> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) all.addAll(cohort.nextPatient());
        node.data.store().upsertAll(all);
        byPatient = new TreeMap<>();
        for (String type : List.of("Patient", "Condition", "Observation")) {
            for (StoredResource r : node.data.store().ofType(type)) {
                byPatient.computeIfAbsent(r.patientId(), k -> new ArrayList<>()).add(r.resource());
            }
        }
        assertThat(byPatient).hasSize(500);
    }

    @Test
    void clinicalTrialResearchUnderOptInEqualsTheDirectCount() {
        TaskContext task = task(Purpose.CLINICAL_TRIAL_RESEARCH, "uni-hospital-research", AT);
        for (Case c : List.of(HYPERTENSIVE_40_TO_80, DIABETIC_OR_HIGH_HBA1C_LATE_2025, WOMEN_WITHOUT_CHD_HIGH_CHOLESTEROL, OLD_WITH_NORMAL_HBA1C_IN_DECEMBER)) {
            checkAgainstDirectCount(c, task);
        }
    }

    @Test
    void healthcareResearchUnderOptOutByAnExcludedPartnerEqualsTheDirectCount() {
        TaskContext task = task(Purpose.HEALTHCARE_RESEARCH, SyntheticCohort.EXCLUDED_ORGANISATION, AT);
        for (Case c : List.of(HYPERTENSIVE_40_TO_80, DIABETIC_OR_HIGH_HBA1C_LATE_2025, OLD_WITH_NORMAL_HBA1C_IN_DECEMBER)) {
            checkAgainstDirectCount(c, task);
        }
    }

    @Test
    void everyCategoryOccursAndSmallCountsAreSuppressed() {
        TaskContext task = task(Purpose.CLINICAL_TRIAL_RESEARCH, "uni-hospital-research", AT);
        Map<FeasibilityCategory, Integer> seen = new EnumMap<>(FeasibilityCategory.class);
        boolean smallSeen = false;
        for (Case c : List.of(HYPERTENSIVE_40_TO_80, DIABETIC_OR_HIGH_HBA1C_LATE_2025, WOMEN_WITHOUT_CHD_HIGH_CHOLESTEROL, OLD_WITH_NORMAL_HBA1C_IN_DECEMBER)) {
            CohortResult r = new CohortEvaluator(node.data).evaluate(CohortQuery.parse(c.json(), REF), task);
            FeasibilityCounts released = FeasibilityCounts.release(r, DISCLOSURE);
            for (FeasibilityCategory cat : FeasibilityCategory.values()) {
                int n = r.count(cat);
                seen.merge(cat, n, Integer::sum);
                if (n > 0 && n < DISCLOSURE.minimumPatients()) {
                    smallSeen = true;
                    assertThat(released.of(cat).suppressed()).as(cat + " of " + c.json()).isTrue();
                    assertThat(released.of(cat).toString()).isEqualTo("suppressed");
                }
            }
        }
        // The synthetic data must exercise every category and the suppression rule, or this test proves little.
        assertThat(seen.values()).allMatch(n -> n > 0);
        assertThat(smallSeen).isTrue();
    }

    @Test
    void onlyTheCodesTheCriteriaNameAreRead() {
        CohortQuery q = CohortQuery.parse("{\"and\": [" + DIABETIC_OR_HIGH_HBA1C_LATE_2025.json() + ", "
                + HYPERTENSIVE_40_TO_80.json() + "]}", REF);
        assertThat(CohortEvaluator.codesRead(q.criteria())).isEqualTo(Map.of(
                // the E11 prefix reads all of ICD-10, which covers I10
                "Condition", java.util.Set.of(new CohortEvaluator.CodeFilter(ICD10, null)),
                // the age criterion also reads the age observation, for patients without a birth date
                "Observation", java.util.Set.of(new CohortEvaluator.CodeFilter(LOINC, "4548-4"), new CohortEvaluator.CodeFilter(LOINC, "30525-0"))));
    }

    @Test
    void aConsentGivenMovesThePatientFromNeedsConsentToUsable() {
        TaskContext before = task(Purpose.CLINICAL_TRIAL_RESEARCH, "uni-hospital-research", AT);
        CohortQuery q = CohortQuery.parse(HYPERTENSIVE_40_TO_80.json(), REF);
        CohortEvaluator evaluator = new CohortEvaluator(node.data);
        CohortResult r1 = evaluator.evaluate(q, before);
        String pid = r1.patients(FeasibilityCategory.NEEDS_CONSENT).iterator().next();

        Consent given = Consents.research(pid + "-trial-consent", pid, "2026-01-02T09:00:00Z", Consent.ConsentProvisionType.PERMIT);
        // The direct counts of the other tests ask the consent engine live, so this added Consent cannot skew them.
        node.data.store().upsert(given);
        CohortResult r2 = evaluator.evaluate(q, task(Purpose.CLINICAL_TRIAL_RESEARCH, "uni-hospital-research", Instant.parse("2026-01-03T00:00:00Z")));
        assertThat(r2.patients(FeasibilityCategory.USABLE)).contains(pid);
        assertThat(r2.patients(FeasibilityCategory.NEEDS_CONSENT)).doesNotContain(pid);
        assertThat(r2.count(FeasibilityCategory.USABLE)).isEqualTo(r1.count(FeasibilityCategory.USABLE) + 1);
        assertThat(r2.count(FeasibilityCategory.NEEDS_CONSENT)).isEqualTo(r1.count(FeasibilityCategory.NEEDS_CONSENT) - 1);
    }

    private static void checkAgainstDirectCount(Case c, TaskContext task) {
        CohortResult result = new CohortEvaluator(node.data).evaluate(CohortQuery.parse(c.json(), REF), task);
        Map<FeasibilityCategory, List<String>> expected = directCount(c, task);
        for (FeasibilityCategory cat : FeasibilityCategory.values()) {
            assertThat(result.patients(cat)).as(cat + " of " + c.json()).containsExactlyElementsOf(expected.get(cat));
        }
        FeasibilityCounts released = FeasibilityCounts.release(result, DISCLOSURE);
        for (FeasibilityCategory cat : FeasibilityCategory.values()) {
            int n = expected.get(cat).size();
            FeasibilityCounts.Released want = n > 0 && n < 10 ? new FeasibilityCounts.Released(true, 0)
                    : new FeasibilityCounts.Released(false, Math.round(n / 5.0) * 5);
            assertThat(released.of(cat)).as("released " + cat + " of " + c.json()).isEqualTo(want);
        }
    }

    private static Map<FeasibilityCategory, List<String>> directCount(Case c, TaskContext task) {
        ConsentEngine engine = node.data.consentEngine();
        Map<FeasibilityCategory, List<String>> out = new EnumMap<>(FeasibilityCategory.class);
        for (FeasibilityCategory cat : FeasibilityCategory.values()) out.put(cat, new ArrayList<>());
        for (Map.Entry<String, List<Resource>> e : byPatient.entrySet()) {
            String pid = e.getKey();
            Boolean matches = c.meaning().apply(e.getValue());
            boolean allPermitted = true, explicitDeny = false;
            for (String type : c.types()) {
                ConsentDecision d = engine.decide(pid, task.purpose(), task.organisation(), type, task.startedAt());
                allPermitted &= d.permitted();
                explicitDeny |= !d.permitted() && d.consentId() != null;
            }
            if (matches == null) {
                out.get(FeasibilityCategory.NOT_ASSESSABLE).add(pid);
            } else if (matches) {
                out.get(allPermitted ? FeasibilityCategory.USABLE
                        : explicitDeny ? FeasibilityCategory.REFUSED : FeasibilityCategory.NEEDS_CONSENT).add(pid);
            }
        }
        return out;
    }

    private static TaskContext task(Purpose purpose, String organisation, Instant at) {
        return new TaskContext("feasibility-" + at, "study-1", purpose, organisation, at);
    }

    private static boolean hasCondition(List<Resource> rs, java.util.function.Predicate<String> code) {
        for (Resource r : rs) {
            if (r instanceof Condition c) {
                for (var coding : c.getCode().getCoding()) {
                    if (ICD10.equals(coding.getSystem()) && code.test(coding.getCode())) return true;
                }
            }
        }
        return false;
    }

    private static int age(List<Resource> rs) {
        var b = ((Patient) rs.get(0)).getBirthDateElement();
        return Period.between(LocalDate.of(b.getYear(), b.getMonth() + 1, b.getDay()), REF).getYears();
    }

    /** Values of LOINC {@code code} in the window, times {@code factor}. */
    private static List<Double> values(List<Resource> rs, String code, LocalDate from, LocalDate to, double factor) {
        List<Double> out = new ArrayList<>();
        for (Resource r : rs) {
            if (r instanceof Observation o && LOINC.equals(o.getCode().getCodingFirstRep().getSystem())
                    && code.equals(o.getCode().getCodingFirstRep().getCode())) {
                LocalDate day = o.getEffectiveDateTimeType().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
                if ((from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to))) {
                    out.add(o.getValueQuantity().getValue().doubleValue() * factor);
                }
            }
        }
        return out;
    }
}
