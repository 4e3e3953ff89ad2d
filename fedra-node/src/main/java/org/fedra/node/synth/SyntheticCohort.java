package org.fedra.node.synth;

import org.fedra.node.fhir.FhirCodec;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a synthetic hospital's patients as FHIR R4: demographics, ICD-10 diagnoses whose prevalence
 * grows with age, encounters with LOINC vital signs and laboratory values (plausible units, ranges and
 * disease effects: diabetics have higher glucose and HbA1c, hypertensives higher blood pressure), related
 * procedures, medications and lipid-panel reports, and a mix of permitting, denying and absent research
 * consents. Deterministic: the same profile, seed and reference date give byte-identical output.
 */
public final class SyntheticCohort {
    static final String LOINC = "http://loinc.org";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    static final String SNOMED = "http://snomed.info/sct";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    /** An organisation some synthetic patients exclude in their consent (for demos of nested provisions). */
    public static final String EXCLUDED_ORGANISATION = "pharma-co";
    /** The identifier system of the synthetic national patient number, the linkage identifier between hospitals. */
    public static final String NATIONAL_ID_SYSTEM = "urn:fedra:synthetic:national-id";

    private final SiteProfile site;
    private final SplittableRandom random;
    private final LocalDate referenceDate;
    private int next;
    private long nationalIdFirst;
    private long nationalIdLast = -1;

    /**
     * @param referenceDate "today" of the synthetic hospital; all dates lie before it
     */
    public SyntheticCohort(SiteProfile site, long seed, LocalDate referenceDate) {
        this.site = site;
        this.random = new SplittableRandom(seed);
        this.referenceDate = referenceDate;
    }

    public SyntheticCohort(SiteProfile site, long seed) {
        this(site, seed, LocalDate.of(2026, 1, 1));
    }

    /**
     * Gives the patients national numbers (system {@link #NATIONAL_ID_SYSTEM}) from {@code first} to {@code last} in
     * order: the n-th patient gets {@code first + n - 1}. Two hospitals whose ranges overlap then share exactly the
     * patients in the overlap, which makes record linkage checkable. Draws no randomness, so everything else the
     * generator writes stays as it was for the same seed.
     *
     * @throws IllegalArgumentException the range is empty or negative
     */
    public SyntheticCohort nationalIds(long first, long last) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("national-id range " + first + ".." + last + " must be non-negative and not empty");
        }
        this.nationalIdFirst = first;
        this.nationalIdLast = last;
        return this;
    }

    /** The national number the n-th patient (from 1) gets: 9 digits. */
    public static String nationalId(long number) {
        return String.format("%09d", number);
    }

    /** The next {@code patients} patients as one transaction bundle (PUT entries, so re-loading is idempotent). */
    public Bundle nextBundle(int patients) {
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < patients; i++) {
            for (Resource r : nextPatient()) {
                b.addEntry().setFullUrl(r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
                        .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
            }
        }
        return b;
    }

    /**
     * Writes {@code patients} patients into {@code directory} as bundle files {@code <site>-0001.json}, ... of at
     * most {@code patientsPerFile} patients each, and returns the files.
     */
    public List<Path> write(Path directory, int patients, int patientsPerFile) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (int done = 0, n = 1; done < patients; n++) {
                int k = Math.min(patientsPerFile, patients - done);
                Path f = directory.resolve(String.format("%s-%04d.json", site.name(), n));
                Files.writeString(f, FhirCodec.context().newJsonParser().encodeResourceToString(nextBundle(k)), StandardCharsets.UTF_8);
                files.add(f);
                done += k;
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write synthetic bundles to " + directory, e);
        }
    }

    /** All resources of the next patient, the Patient first. */
    public List<Resource> nextPatient() {
        int n = ++next;
        String pid = site.name() + "-" + n;
        List<Resource> out = new ArrayList<>();
        boolean female = random.nextDouble() < site.femaleShare();
        int age = (int) Math.round(clip(site.meanAge() + site.sdAge() * gaussian(), 18, 95));
        Patient p = new Patient();
        p.setId(pid);
        p.addIdentifier().setSystem("urn:fedra:synthetic:" + site.name() + ":mrn").setValue(String.format("MRN%07d", n));
        if (nationalIdLast >= 0) {
            long number = nationalIdFirst + n - 1;
            if (number > nationalIdLast) {
                throw new IllegalStateException("the national-id range " + nationalIdFirst + ".." + nationalIdLast + " of site " + site.name()
                        + " holds " + (nationalIdLast - nationalIdFirst + 1) + " numbers; patient " + n + " has none left");
            }
            p.addIdentifier().setSystem(NATIONAL_ID_SYSTEM).setValue(nationalId(number));
        }
        p.addName().setFamily(pick(FAMILY)).addGiven(pick(female ? GIVEN_F : GIVEN_M));
        p.setGender(female ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        LocalDate birth = referenceDate.minusYears(age).minusDays(random.nextInt(365));
        p.setBirthDateElement(new DateType(birth.toString()));
        out.add(p);
        Reference subject = new Reference("Patient/" + pid);

        double ageFactor = Math.pow(age / site.meanAge(), 2);
        boolean diabetes = chance(site.diabetes() * ageFactor);
        boolean hypertension = chance(site.hypertension() * ageFactor);
        boolean chd = chance(site.coronaryDisease() * ageFactor * (female ? 0.6 : 1.3));
        boolean copd = chance(site.copd() * ageFactor);
        boolean ckd = chance(site.kidneyDisease() * ageFactor * (diabetes ? 1.8 : 1.0));
        int c = 0;
        if (diabetes) out.add(condition(pid + "-c" + ++c, subject, "E11.9", "Type 2 diabetes mellitus without complications", age));
        if (hypertension) out.add(condition(pid + "-c" + ++c, subject, "I10", "Essential (primary) hypertension", age));
        if (chd) out.add(condition(pid + "-c" + ++c, subject, "I25.1", "Atherosclerotic heart disease of native coronary artery", age));
        if (copd) out.add(condition(pid + "-c" + ++c, subject, "J44.9", "Chronic obstructive pulmonary disease, unspecified", age));
        if (ckd) out.add(condition(pid + "-c" + ++c, subject, "N18.3", "Chronic kidney disease, stage 3", age));

        int m = 0;
        if (diabetes) out.add(medication(pid + "-m" + ++m, subject, "860975", "metformin hydrochloride 500 MG Oral Tablet"));
        if (hypertension) out.add(medication(pid + "-m" + ++m, subject, "314076", "lisinopril 10 MG Oral Tablet"));
        if (chd) out.add(medication(pid + "-m" + ++m, subject, "617312", "atorvastatin 40 MG Oral Tablet"));

        int encounters = 1 + poisson(site.meanEncounters() - 1);
        double bmiBase = 26 + 4.5 * gaussian() + (diabetes ? 3 : 0);
        for (int e = 1; e <= encounters; e++) {
            String eid = pid + "-e" + e;
            Instant start = referenceDate.atStartOfDay().toInstant(ZoneOffset.UTC).minus(1 + random.nextInt(3 * 365), ChronoUnit.DAYS)
                    .plus(7 * 60 + random.nextInt(10 * 60), ChronoUnit.MINUTES);
            boolean inpatient = chance(site.inpatientShare());
            Encounter enc = new Encounter();
            enc.setId(eid);
            enc.setStatus(Encounter.EncounterStatus.FINISHED);
            enc.setClass_(new Coding(ACT_CODE, inpatient ? "IMP" : "AMB", inpatient ? "inpatient encounter" : "ambulatory"));
            enc.setSubject(new Reference("Patient/" + pid));
            enc.setPeriod(new Period().setStart(Date.from(start))
                    .setEnd(Date.from(start.plus(inpatient ? 1 + random.nextInt(10) : 0, ChronoUnit.DAYS).plus(45, ChronoUnit.MINUTES))));
            out.add(enc);
            Reference encRef = new Reference("Encounter/" + eid);
            int o = 0;
            double sbp = clip(118 + 0.35 * (age - 50) + (hypertension ? 18 : 0) + 11 * gaussian(), 85, 230);
            out.add(observation(eid + "-o" + ++o, subject, encRef, start, "8480-6", "Systolic blood pressure", sbp, 0, "mm[Hg]", "vital-signs"));
            out.add(observation(eid + "-o" + ++o, subject, encRef, start, "8462-4", "Diastolic blood pressure",
                    clip(sbp * 0.62 + 7 * gaussian(), 45, 140), 0, "mm[Hg]", "vital-signs"));
            out.add(observation(eid + "-o" + ++o, subject, encRef, start, "8867-4", "Heart rate",
                    clip(72 + (copd ? 8 : 0) + 10 * gaussian(), 38, 160), 0, "/min", "vital-signs"));
            out.add(observation(eid + "-o" + ++o, subject, encRef, start, "39156-5", "Body mass index (BMI) [Ratio]",
                    clip(bmiBase + 0.5 * gaussian(), 15, 60), 1, "kg/m2", "vital-signs"));
            out.add(observation(eid + "-o" + ++o, subject, encRef, start, "2345-7", "Glucose [Mass/volume] in Serum or Plasma",
                    clip(94 + (diabetes ? 55 : 0) + 14 * gaussian(), 50, 450), 0, "mg/dL", "laboratory"));
            out.add(observation(eid + "-o" + ++o, subject, encRef, start, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood",
                    clip(5.4 + (diabetes ? 2.1 : 0) + 0.45 * gaussian(), 4.0, 14.0), 1, "%", "laboratory"));
            out.add(observation(eid + "-o" + ++o, subject, encRef, start, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma",
                    clip(0.85 + (female ? -0.12 : 0) + (ckd ? 0.9 : 0) + 0.15 * gaussian(), 0.4, 6.0), 2, "mg/dL", "laboratory"));
            if (e == 1 || chance(0.3)) {
                Observation chol = observation(eid + "-o" + ++o, subject, encRef, start, "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma",
                        clip(195 + (chd ? 15 : 0) + 35 * gaussian(), 100, 400), 0, "mg/dL", "laboratory");
                out.add(chol);
                DiagnosticReport report = new DiagnosticReport();
                report.setId(eid + "-r1");
                report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
                report.setCode(new CodeableConcept(new Coding(LOINC, "57698-3", "Lipid panel with direct LDL - Serum or Plasma")));
                report.setSubject(new Reference("Patient/" + pid));
                report.setEncounter(new Reference("Encounter/" + eid));
                report.setEffective(new DateTimeType(Date.from(start), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
                report.addResult(new Reference("Observation/" + chol.getIdElement().getIdPart()));
                out.add(report);
            }
            if (chd && inpatient && chance(0.4)) {
                Procedure pr = new Procedure();
                pr.setId(eid + "-p1");
                pr.setStatus(Procedure.ProcedureStatus.COMPLETED);
                pr.setCode(new CodeableConcept(new Coding(SNOMED, "415070008", "Percutaneous coronary intervention")));
                pr.setSubject(new Reference("Patient/" + pid));
                pr.setEncounter(new Reference("Encounter/" + eid));
                pr.setPerformed(new DateTimeType(Date.from(start), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
                out.add(pr);
            }
        }
        double u = random.nextDouble();
        if (u < site.consentPermitShare()) {
            out.add(consent(pid, Consent.ConsentProvisionType.PERMIT, chance(0.25)));
        } else if (u < site.consentPermitShare() + site.consentDenyShare()) {
            out.add(consent(pid, Consent.ConsentProvisionType.DENY, false));
        }
        return out;
    }

    private Condition condition(String id, Reference subject, String code, String display, int age) {
        Condition c = new Condition();
        c.setId(id);
        c.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        c.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
        c.setCode(new CodeableConcept(new Coding(ICD10, code, display)));
        c.setSubject(subject.copy());
        int yearsAgo = random.nextInt(Math.max(1, Math.min(20, age - 17)));
        c.setOnset(new DateTimeType(referenceDate.minusYears(yearsAgo).minusDays(random.nextInt(365)).toString()));
        return c;
    }

    private MedicationStatement medication(String id, Reference subject, String rxnorm, String display) {
        MedicationStatement m = new MedicationStatement();
        m.setId(id);
        m.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        m.setMedication(new CodeableConcept(new Coding(RXNORM, rxnorm, display)));
        m.setSubject(subject.copy());
        m.setEffective(new DateTimeType(referenceDate.minusDays(30 + random.nextInt(2000)).toString()));
        return m;
    }

    private Observation observation(String id, Reference subject, Reference encounter, Instant at, String loinc, String display,
                                    double value, int decimals, String unit, String category) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category", category, null)));
        o.setCode(new CodeableConcept(new Coding(LOINC, loinc, display)));
        o.setSubject(subject.copy());
        o.setEncounter(encounter.copy());
        o.setEffective(new DateTimeType(Date.from(at), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
        o.setValue(new Quantity().setValue(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP))
                .setSystem(UCUM).setCode(unit).setUnit(unit));
        return o;
    }

    private Consent consent(String pid, Consent.ConsentProvisionType type, boolean excludeCommercialPartner) {
        Consent c = new Consent();
        c.setId(pid + "-consent");
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "research", "Research")));
        c.addCategory(new CodeableConcept(new Coding(LOINC, "57016-8", "Privacy policy acknowledgment Document")));
        c.setPatient(new Reference("Patient/" + pid));
        c.setDateTimeElement(new DateTimeType(referenceDate.minusDays(1 + random.nextInt(700)).toString()));
        c.setPolicyRule(new CodeableConcept(new Coding(ACT_CODE, type == Consent.ConsentProvisionType.PERMIT ? "OPTIN" : "OPTOUT", null)));
        c.getProvision().setType(type);
        if (excludeCommercialPartner) {
            c.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY)
                    .addActor().setReference(new Reference("Organization/" + EXCLUDED_ORGANISATION))
                    .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")));
        }
        return c;
    }

    private boolean chance(double p) {
        return random.nextDouble() < Math.min(0.95, p);
    }

    private double gaussian() {
        // Box-Muller on the seeded generator, so that output does not depend on JDK gaussian implementations
        double u1 = 1.0 - random.nextDouble(), u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static final String[] FAMILY = {"Meyer", "Rossi", "Dubois", "Novak", "Jansen", "Kowalski", "Silva", "Nielsen", "Garcia", "Weber"};
    private static final String[] GIVEN_F = {"Anna", "Maria", "Sofia", "Elena", "Julia", "Clara", "Lea", "Ines"};
    private static final String[] GIVEN_M = {"Jan", "Luca", "Paul", "Marco", "David", "Tomas", "Felix", "Noah"};
}
