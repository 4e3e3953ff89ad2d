package org.fedra.node.cohort;

import org.fedra.node.fhir.IndexEntry;
import org.fedra.node.fhir.ResourceIndexer;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the criteria of one patient can be decided on, as seen by one reader (the whole store, or a
 * consent-filtered view). A resource type the reader may not see for this patient is "not visible": criteria
 * on it are unknown rather than false, so that a hidden record never reads as an absent one (a NOT over
 * hidden conditions must not match).
 */
final class PatientFacts {
    final String patientId;
    String gender;
    LocalDate birthDate;
    final List<IndexEntry> conditions = new ArrayList<>();
    final List<IndexEntry> observations = new ArrayList<>();
    boolean conditionsVisible = true;
    boolean observationsVisible = true;
    /** Where the patient's age came from when a criterion needed it: {@link #AGE_FROM_BIRTH_DATE} or {@link #AGE_FROM_OBSERVATION}. */
    String ageSource;

    static final String AGE_FROM_BIRTH_DATE = "birth date";
    static final String AGE_FROM_OBSERVATION = "most recent age observation (LOINC 30525-0)";

    PatientFacts(String patientId) {
        this.patientId = patientId;
    }

    /** A patient known by the demographics the analytic projection holds. */
    PatientFacts(org.fedra.node.projection.Demographics d) {
        this.patientId = d.patientId();
        this.gender = d.gender();
        this.birthDate = d.birthDate();
    }

    /** One indexed fact of a Condition or an Observation of this patient. */
    void add(String resourceType, IndexEntry fact) {
        if ("Condition".equals(resourceType)) conditions.add(fact);
        else if ("Observation".equals(resourceType)) observations.add(fact);
    }

    void add(Resource r) {
        if (r instanceof Patient p) {
            gender = p.hasGender() ? p.getGender().toCode() : null;
            birthDate = null;
            if (p.hasBirthDate()) {
                var b = p.getBirthDateElement();
                birthDate = LocalDate.of(b.getYear(), b.getMonth() + 1, b.getDay());
            }
        } else if (r instanceof Condition) {
            conditions.addAll(ResourceIndexer.entries(r));
        } else if (r instanceof Observation) {
            observations.addAll(ResourceIndexer.entries(r));
        }
    }
}
