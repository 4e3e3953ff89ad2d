package org.fedra.protocol.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CohortQueryTest {
    private static final LocalDate REF = LocalDate.of(2026, 1, 1);

    @Test
    void parsesEveryCriterionKind() {
        CohortQuery q = CohortQuery.parse("""
                {"and": [
                  {"condition": {"system": "http://hl7.org/fhir/sid/icd-10", "code": "E11", "prefix": true}},
                  {"or": [{"sex": "female"}, {"age": {"min": 40, "max": 80}}]},
                  {"not": {"observation": {"system": "http://loinc.org", "code": "4548-4", "min": 6.5, "max": 20, "unit": "%",
                                           "from": "2020-01-01", "to": "2024-12-31"}}}
                ]}""", REF);
        assertThat(q.referenceDate()).isEqualTo(REF);
        assertThat(q.criteria()).isEqualTo(new Criterion.And(List.of(
                new Criterion.HasCondition("http://hl7.org/fhir/sid/icd-10", "E11", true, null, null),
                new Criterion.Or(List.of(new Criterion.Sex("female"), new Criterion.Age(40, 80))),
                new Criterion.Not(new Criterion.HasObservation("http://loinc.org", "4548-4", 6.5, 20.0, "%",
                        LocalDate.of(2020, 1, 1), LocalDate.of(2024, 12, 31))))));
    }

    @Test
    void acceptsTheLocalSystemOfTheCsvMapping() {
        CohortQuery q = CohortQuery.parse("{\"observation\": {\"system\": \"urn:fedra:codesystem:uci-heart-disease\", \"code\": \"oldpeak\", \"min\": 1, \"unit\": \"mm\"}}", REF);
        assertThat(q.criteria()).isEqualTo(new Criterion.HasObservation("urn:fedra:codesystem:uci-heart-disease", "oldpeak", 1.0, null, "mm", null, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"and\": [{\"sex\": \"female\"}, {\"observation\": {\"system\": \"http://loinc.org\", \"code\": \"x\", \"min\": \"high\", \"unit\": \"%\"}}]}|$.and[1].observation.min|must be a number",
            "{\"condition\": {\"system\": \"http://example.org/codes\", \"code\": \"I10\"}}|$.condition.system|unknown code system 'http://example.org/codes'",
            "{\"observation\": {\"system\": \"http://loinc.org\", \"code\": \"4548-4\", \"min\": 20, \"max\": 6.5, \"unit\": \"%\"}}|$.observation|impossible range: min 20.0 > max 6.5",
            "{\"or\": [{\"age\": {\"min\": -1}}]}|$.or[0].age.min|an age cannot be negative, was -1",
            "{\"age\": {\"min\": 80, \"max\": 40}}|$.age|impossible range: min 80 > max 40",
            "{\"and\": []}|$.and|must not be empty",
            "{\"or\": {\"sex\": \"male\"}}|$.or|must be an array of criteria",
            "{\"not\": {\"sex\": \"woman\"}}|$.not.sex|unknown sex 'woman'",
            "{\"sex\": 1}|$.sex|must be a string",
            "{\"condition\": {\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"I10\", \"severity\": \"high\"}}|$.condition.severity|unknown key",
            "{\"condition\": {\"system\": \"http://hl7.org/fhir/sid/icd-10\"}}|$.condition.code|is required",
            "{\"diagnosis\": {}}|$.diagnosis|unknown criterion",
            "{\"sex\": \"male\", \"age\": {\"min\": 1}}|$|must have exactly one key",
            "[1, 2]|$|must be an object",
            "{\"and\": [{\"sex\": \"male\"}, 3]}|$.and[1]|must be an object",
            "{\"observation\": {\"system\": \"http://loinc.org\", \"code\": \"4548-4\", \"min\": 6.5}}|$.observation.unit|required when min or max",
            "{\"observation\": {\"system\": \"http://loinc.org\", \"code\": \"4548-4\", \"from\": \"2024-13-01\"}}|$.observation.from|not a date",
            "{\"condition\": {\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"I10\", \"from\": \"2024-01-01\", \"to\": \"2020-01-01\"}}|$.condition|impossible date window",
            "{\"and\": [|$|not valid JSON",
    })
    void rejectsBadQueriesNamingThePart(String json, String path, String problem) {
        assertThatThrownBy(() -> CohortQuery.parse(json, REF))
                .isInstanceOfSatisfying(CohortQueryException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(path + ": ").contains(problem);
                });
    }
}
