package org.fedra.node.onboarding;

import org.fedra.node.fhir.SharedData;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvImporterTest {
    private final CsvMapping heart = CsvMapping.loadResource("mappings/uci-heart-disease.json");

    @Test
    void importsTheFourHeartDiseaseSitesWithExactPatientCounts() {
        TestIngest node = new TestIngest();
        Path dir = SharedData.dir().resolve("heart-disease");
        int[] expected = {303, 294, 123, 200};
        String[] sites = {"cleveland", "hungarian", "switzerland", "va"};
        for (int i = 0; i < sites.length; i++) {
            ImportReport r = node.csv.importFile(dir.resolve(sites[i] + ".csv"), heart);
            assertThat(r.problems()).as(sites[i]).isEmpty();
            assertThat(r.patients()).as(sites[i]).isEqualTo(expected[i]);
        }
        assertThat(node.store.countByType().get("Patient")).isEqualTo(303 + 294 + 123 + 200);
        // Cleveland: num > 0 for 55 + 36 + 35 + 13 patients; Hungarian 106; Switzerland 115; VA 149.
        assertThat(node.store.countByType().get("Condition")).isEqualTo(139 + 106 + 115 + 149);
        // Cholesterol (LOINC 2093-3): 303 Cleveland, 294 - 23 missing Hungarian, none Switzerland, 200 - 7 - 49 VA.
        assertThat(node.store.withCode("Observation", "http://loinc.org", "2093-3")).hasSize(303 + 271 + 0 + 144);

        ImportReport again = node.csv.importFile(dir.resolve("cleveland.csv"), heart);
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.patients()).isEqualTo(303);
        assertThat(node.store.countByType().get("Patient")).isEqualTo(920);
    }

    @Test
    void pseudonymisesAndKeepsTheReidentificationMapApart() {
        TestIngest node = new TestIngest();
        node.csv.importCsv(new StringReader("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num\n"
                + "63.0,1.0,1.0,145.0,233.0,1.0,2.0,150.0,0.0,2.3,3.0,0.0,6.0,0\n"), "cleveland", heart);
        String pseudonym = node.patient("uci-heart-disease-cleveland-row1");
        assertThat(node.store.read("Patient", pseudonym)).isPresent();
        assertThat(node.store.ofPatient(pseudonym)).allSatisfy(r -> assertThat(r.json()).doesNotContain("row1").doesNotContain("cleveland"));
        assertThat(node.reidentification.patientFor("identifier:urn:fedra:csv:uci-heart-disease:cleveland|row1")).contains(pseudonym);
        // age, cp, trestbps, chol, fbs, restecg, thalach, exang, oldpeak, slope, ca, thal, num; num = 0: no Condition
        assertThat(node.store.ofPatient(pseudonym)).hasSize(1 + 13);
    }

    @Test
    void reportsMalformedRowsByLineAndImportsTheRest() {
        TestIngest node = new TestIngest();
        String csv = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num\n"
                + "63,1,1,145,233,1,2,150,0,2.3,3,0,6,0\n"
                + "67,1,4,160,286,0,2,108,1,1.5,2,3,3\n"                // line 3: a field short
                + "41,0,2,130,abc,0,2,172,0,1.4,1,0,3,0\n"              // line 4: chol not a number
                + "56,1,9,120,236,0,0,178,0,0.8,1,0,3,0\n"              // line 5: cp 9 not a code
                + "57,2,4,120,354,0,0,163,1,0.6,1,0,3,0\n"              // line 6: sex 2 unknown
                + "44,1,2,120,263,0,0,173,0,0,1,0,7,0\n";
        ImportReport r = node.csv.importCsv(new StringReader(csv), "test", heart);
        assertThat(r.patients()).isEqualTo(2);
        assertThat(r.problems()).extracting(ImportProblem::toString).containsExactly(
                "line 3: expected 14 fields, found 13",
                "line 4: column chol: 'abc' is not a number",
                "line 5: column cp: value '9' is not one of [1, 2, 3, 4]",
                "line 6: column sex: value '2' is not one of [1, 0]");
        assertThat(node.store.countByType().get("Patient")).isEqualTo(2);
    }

    @Test
    void reportsAUnitTheMappingDoesNotKnow() {
        CsvMapping m = new CsvMapping("labs", null, ",", List.of(""),
                new CsvMapping.PatientMapping("mrn", "urn:test:mrn", null, null),
                List.of(new CsvMapping.ObservationMapping("chol", "http://loinc.org", "2093-3", "Cholesterol", "quantity",
                        null, "unit", java.util.Map.of("mg/dl", "mg/dL", "mg/dL", "mg/dL"), null, null)),
                List.of());
        TestIngest node = new TestIngest();
        ImportReport r = node.csv.importCsv(new StringReader("mrn,chol,unit\nA1,233,mg/dl\nA2,5.2,mmol/l\nA3,180,mg/dL\n"), "lab", m);
        assertThat(r.patients()).isEqualTo(2);
        assertThat(r.problems()).extracting(ImportProblem::toString)
                .containsExactly("line 3: column unit: unit 'mmol/l' is not known to the mapping (known: " + m.observations().get(0).units().keySet() + ")");
    }

    @Test
    void refusesAFileWhoseHeaderLacksMappedColumns() {
        TestIngest node = new TestIngest();
        assertThatThrownBy(() -> node.csv.importCsv(new StringReader("age,sex\n63,1\n"), "x", heart))
                .isInstanceOf(ImportFileException.class)
                .hasMessageContaining("line 1: the header lacks the mapped columns [cp, trestbps");
        assertThat(node.store.countByType()).isEmpty();
    }

    @Test
    void refusesAnInvalidMapping() {
        assertThatThrownBy(() -> CsvMapping.load(new java.io.ByteArrayInputStream(
                "{\"name\":\"x\",\"patient\":{\"identifierSystem\":\"s\"},\"observations\":[{\"column\":\"a\",\"system\":\"s\",\"code\":\"c\",\"valueType\":\"quantity\"}]}".getBytes()), "m.json"))
                .isInstanceOf(ImportFileException.class)
                .hasMessageContaining("observations[0] (a) is a quantity and needs unit");
    }
}
