package org.fedra.node.synth;

import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.TestIngest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticCohortTest {
    private static String json(Bundle b) {
        return FhirCodec.context().newJsonParser().encodeResourceToString(b);
    }

    @Test
    void isDeterministicForASeed() {
        String a = json(new SyntheticCohort(SiteProfile.ruralGeneral(), 42).nextBundle(20));
        String b = json(new SyntheticCohort(SiteProfile.ruralGeneral(), 42).nextBundle(20));
        String c = json(new SyntheticCohort(SiteProfile.ruralGeneral(), 43).nextBundle(20));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void nationalIdsComeFromTheSitesRangeAndChangeNothingElse() {
        SyntheticCohort plain = new SyntheticCohort(SiteProfile.cityUniversity(), 42);
        SyntheticCohort numbered = new SyntheticCohort(SiteProfile.cityUniversity(), 42).nationalIds(181, 185);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<Resource> a = plain.nextPatient();
            List<Resource> b = numbered.nextPatient();
            Patient pb = (Patient) b.get(0);
            assertThat(pb.getIdentifier()).hasSize(2);
            assertThat(pb.getIdentifier().get(1).getSystem()).isEqualTo(SyntheticCohort.NATIONAL_ID_SYSTEM);
            numbers.add(pb.getIdentifier().get(1).getValue());
            pb.getIdentifier().remove(1);
            assertThat(b).hasSameSizeAs(a);
            for (int k = 0; k < a.size(); k++) {
                assertThat(FhirCodec.context().newJsonParser().encodeResourceToString(b.get(k)))
                        .isEqualTo(FhirCodec.context().newJsonParser().encodeResourceToString(a.get(k)));
            }
        }
        assertThat(numbers).containsExactly("000000181", "000000182", "000000183", "000000184", "000000185");
        org.assertj.core.api.Assertions.assertThatThrownBy(numbered::nextPatient).isInstanceOf(IllegalStateException.class)
                .hasMessage("the national-id range 181..185 of site city-university holds 5 numbers; patient 6 has none left");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.nationalIds(10, 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("national-id range 10..9 must be non-negative and not empty");
    }

    @Test
    void writesBundleFilesThatImportWithoutAnyProblemAndIdempotently(@TempDir Path dir) {
        List<Path> files = new SyntheticCohort(SiteProfile.cityUniversity(), 1).write(dir, 120, 50);
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("city-university-0001.json", "city-university-0002.json", "city-university-0003.json");
        TestIngest node = new TestIngest();
        int patients = 0;
        for (Path f : files) {
            ImportReport r = node.fhir.importFile(f);
            assertThat(r.problems()).isEmpty();
            patients += r.patients();
        }
        assertThat(patients).isEqualTo(120);
        assertThat(node.store.countByType()).containsKeys("Patient", "Encounter", "Condition", "Observation", "MedicationStatement",
                "DiagnosticReport", "Consent");
        assertThat(node.fhir.importFile(files.get(0)).created()).isZero();
    }

    @Test
    void sitesDifferAndValuesArePlausible() {
        Stats city = stats(SiteProfile.cityUniversity());
        Stats heart = stats(SiteProfile.heartCentre());
        assertThat(heart.meanAge - city.meanAge).isGreaterThan(8);
        assertThat(heart.share("I25.1")).isGreaterThan(3 * city.share("I25.1"));
        assertThat(heart.female).isLessThan(city.female);
        for (Stats s : List.of(city, heart)) {
            assertThat(s.permit).isPositive();
            assertThat(s.deny).isPositive();
            assertThat(s.absent).isPositive();
            assertThat(s.permit + s.deny + s.absent).isEqualTo(400);
        }
    }

    private static final Map<String, double[]> RANGES = Map.of(
            "8480-6", new double[]{85, 230}, "8462-4", new double[]{45, 140}, "8867-4", new double[]{38, 160},
            "39156-5", new double[]{15, 60}, "2345-7", new double[]{50, 450}, "4548-4", new double[]{4, 14},
            "2160-0", new double[]{0.4, 6}, "2093-3", new double[]{100, 400});

    private static final class Stats {
        double meanAge;
        double female;
        int permit, deny, absent;
        final Map<String, Integer> conditions = new java.util.HashMap<>();

        double share(String icd) {
            return conditions.getOrDefault(icd, 0) / 400.0;
        }
    }

    private static Stats stats(SiteProfile profile) {
        SyntheticCohort cohort = new SyntheticCohort(profile, 7);
        Stats s = new Stats();
        for (int i = 0; i < 400; i++) {
            List<Resource> rs = new ArrayList<>(cohort.nextPatient());
            Patient p = (Patient) rs.get(0);
            s.meanAge += Period.between(LocalDate.parse(p.getBirthDateElement().getValueAsString()), LocalDate.of(2026, 1, 1)).getYears() / 400.0;
            if (p.getGender() == org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE) s.female += 1 / 400.0;
            boolean consent = false;
            for (Resource r : rs) {
                if (r instanceof Condition c) s.conditions.merge(c.getCode().getCodingFirstRep().getCode(), 1, Integer::sum);
                if (r instanceof Consent c) {
                    consent = true;
                    if (c.getProvision().getType() == Consent.ConsentProvisionType.PERMIT) s.permit++; else s.deny++;
                }
                if (r instanceof Observation o) {
                    double[] range = RANGES.get(o.getCode().getCodingFirstRep().getCode());
                    assertThat(o.getValueQuantity().getValue().doubleValue()).isBetween(range[0], range[1]);
                    assertThat(o.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
                }
            }
            if (!consent) s.absent++;
        }
        return s;
    }
}
