package org.fedra.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeasibilityFormTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

    private static FeasibilityForm.Built build(String... pairs) {
        Map<String, String> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) form.put(pairs[i], pairs[i + 1]);
        return FeasibilityForm.build(form::get, TODAY);
    }

    @Test
    void rowsBecomeTheCriteriaLanguageWithAndOrNot() {
        FeasibilityForm.Built b = build("combine", "and",
                "c0.kind", "condition", "c0.system", "http://hl7.org/fhir/sid/icd-10", "c0.code", "I25", "c0.prefix", "true", "c0.from", "2020-01-01",
                "c1.kind", "observation", "c1.system", "http://loinc.org", "c1.code", "2093-3", "c1.min", "200", "c1.max", "300", "c1.unit", "mg/dL",
                "c2.kind", "age", "c2.min", "40", "c2.max", "70",
                "c3.kind", "sex", "c3.sex", "female", "c3.not", "true");
        assertThat(b.query().toString()).isEqualTo("{\"and\":["
                + "{\"condition\":{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"I25\",\"prefix\":true,\"from\":\"2020-01-01\"}},"
                + "{\"observation\":{\"system\":\"http://loinc.org\",\"code\":\"2093-3\",\"min\":200.0,\"max\":300.0,\"unit\":\"mg/dL\"}},"
                + "{\"age\":{\"min\":40,\"max\":70}},"
                + "{\"not\":{\"sex\":\"female\"}}]}");
        assertThat(b.referenceDate()).isEqualTo(TODAY);
        assertThat(b.spec().toString()).endsWith(",\"referenceDate\":\"2026-01-01\"}");

        FeasibilityForm.Built or = build("combine", "or", "c0.kind", "sex", "c0.sex", "male", "c2.kind", "age", "c2.min", "60", "referenceDate", "2025-06-30");
        assertThat(or.query().toString()).isEqualTo("{\"or\":[{\"sex\":\"male\"},{\"age\":{\"min\":60}}]}");
        assertThat(or.referenceDate()).isEqualTo(LocalDate.of(2025, 6, 30));
        // one criterion stands alone
        assertThat(build("c1.kind", "sex", "c1.sex", "other").query().toString()).isEqualTo("{\"sex\":\"other\"}");
    }

    @Test
    void errorsNameTheField() {
        assertError(() -> build(), "c0.kind", "criterion 1, kind: choose at least one criterion");
        assertError(() -> build("c1.kind", "condition", "c1.system", "http://loinc.org"), "c1.code", "criterion 2, code: is required");
        assertError(() -> build("c0.kind", "observation", "c0.system", "http://loinc.org", "c0.code", "x", "c0.min", "lots"), "c0.min",
                "criterion 1, minimum: must be a number, was 'lots'");
        assertError(() -> build("c0.kind", "observation", "c0.system", "http://loinc.org", "c0.code", "x", "c0.min", "5", "c0.max", "1"), "c0.max",
                "criterion 1, maximum: must not be below the minimum 5.0");
        assertError(() -> build("c2.kind", "age", "c2.min", "-3"), "c2.min", "criterion 3, minimum age: must be whole years from 0 to 150, was '-3'");
        assertError(() -> build("c0.kind", "age"), "c0.min", "criterion 1, minimum age: give a minimum or a maximum age");
        assertError(() -> build("c0.kind", "sex", "c0.sex", "unknown"), "c0.sex", "criterion 1, sex: must be female, male or other, was 'unknown'");
        assertError(() -> build("c0.kind", "condition", "c0.system", "http://loinc.org", "c0.code", "x", "c0.from", "2020-13-01"), "c0.from",
                "criterion 1, from: must be a date like 2024-12-31, was '2020-13-01'");
        assertError(() -> build("c0.kind", "sex", "c0.sex", "male", "c1.kind", "sex", "c1.sex", "female", "combine", "xor"), "combine",
                "combine: must be and (all of) or or (any of)");
        assertError(() -> build("c0.kind", "sex", "c0.sex", "male", "referenceDate", "tomorrow"), "referenceDate",
                "reference date: must be a date like 2024-12-31, was 'tomorrow'");
        // the criteria language's own check: an unknown code system, named by its JSON path
        assertThatThrownBy(() -> build("c0.kind", "condition", "c0.system", "http://example.org/mine", "c0.code", "x"))
                .hasMessageContaining("$.condition.system");
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FeasibilityForm.FieldError.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
