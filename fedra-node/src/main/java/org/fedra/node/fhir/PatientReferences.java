package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.Optional;

/**
 * Which patient a resource belongs to. Every stored resource must belong to exactly one patient, because
 * consent is decided per patient: a record we cannot attribute is a record we cannot filter.
 */
public final class PatientReferences {
    private PatientReferences() {
    }

    /** The patient reference element of a resource ({@code subject} or {@code patient}), or null for a Patient. */
    public static Reference referenceOf(Resource r) {
        if (r instanceof Encounter e) return e.getSubject();
        if (r instanceof Condition c) return c.getSubject();
        if (r instanceof Observation o) return o.getSubject();
        if (r instanceof Procedure p) return p.getSubject();
        if (r instanceof MedicationStatement m) return m.getSubject();
        if (r instanceof DiagnosticReport d) return d.getSubject();
        if (r instanceof ImagingStudy i) return i.getSubject();
        if (r instanceof Consent c) return c.getPatient();
        return null;
    }

    /** The id of the patient the resource belongs to (its own id for a Patient), if it names one. */
    public static Optional<String> patientId(Resource r) {
        if (r instanceof Patient p) {
            return Optional.ofNullable(p.getIdElement().getIdPart());
        }
        Reference ref = referenceOf(r);
        if (ref == null || ref.getReference() == null) {
            return Optional.empty();
        }
        String s = ref.getReference();
        if (!s.startsWith("Patient/") || s.length() <= "Patient/".length() || s.indexOf('/', 8) >= 0) {
            return Optional.empty();
        }
        return Optional.of(s.substring("Patient/".length()));
    }
}
