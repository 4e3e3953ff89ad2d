package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Structural validation beyond what the parser checks: the R4 required (1..1) elements of each supported
 * type, a valid id, and a patient reference of the form {@code Patient/<id>} on every clinical resource.
 * Whether that patient exists is checked by the store, which knows what is stored.
 */
public final class ResourceValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private ResourceValidator() {
    }

    /** Throws {@link InvalidResourceException} listing every problem found, or returns normally. */
    public static void validate(Resource r) {
        List<String> problems = problems(r);
        if (!problems.isEmpty()) {
            throw new InvalidResourceException(describe(r) + ": " + String.join("; ", problems));
        }
    }

    /** Every structural problem of the resource (empty when valid). */
    public static List<String> problems(Resource r) {
        List<String> p = new ArrayList<>();
        String type = r.fhirType();
        if (!SupportedTypes.isSupported(type)) {
            p.add("resource type " + type + " is not stored by a Fedra node (supported: " + SupportedTypes.ALL + ")");
            return p;
        }
        String id = r.getIdElement().getIdPart();
        if (id == null) {
            p.add("id is missing");
        } else if (!ID.matcher(id).matches()) {
            p.add("id '" + id + "' is not a valid FHIR id");
        }
        if (r instanceof Encounter e) {
            require(p, e.hasStatus(), "Encounter.status");
            require(p, e.hasClass_(), "Encounter.class");
        } else if (r instanceof Condition c) {
            require(p, c.hasSubject(), "Condition.subject");
        } else if (r instanceof Observation o) {
            require(p, o.hasStatus(), "Observation.status");
            require(p, o.hasCode(), "Observation.code");
        } else if (r instanceof Procedure pr) {
            require(p, pr.hasStatus(), "Procedure.status");
            require(p, pr.hasSubject(), "Procedure.subject");
        } else if (r instanceof MedicationStatement m) {
            require(p, m.hasStatus(), "MedicationStatement.status");
            require(p, m.hasMedication(), "MedicationStatement.medication[x]");
            require(p, m.hasSubject(), "MedicationStatement.subject");
        } else if (r instanceof DiagnosticReport d) {
            require(p, d.hasStatus(), "DiagnosticReport.status");
            require(p, d.hasCode(), "DiagnosticReport.code");
        } else if (r instanceof ImagingStudy i) {
            require(p, i.hasStatus(), "ImagingStudy.status");
            require(p, i.hasSubject(), "ImagingStudy.subject");
        } else if (r instanceof Consent c) {
            require(p, c.hasStatus(), "Consent.status");
            require(p, c.hasScope(), "Consent.scope");
            require(p, c.hasCategory(), "Consent.category");
        }
        if (!"Patient".equals(type)) {
            var ref = PatientReferences.referenceOf(r);
            String field = r instanceof Consent ? "patient" : "subject";
            if (ref == null || !ref.hasReference()) {
                p.add(type + "." + field + " must reference the patient the record belongs to");
            } else if (PatientReferences.patientId(r).isEmpty()) {
                p.add(type + "." + field + " '" + ref.getReference() + "' is not a reference of the form Patient/<id>");
            }
        }
        return p;
    }

    private static void require(List<String> problems, boolean present, String element) {
        if (!present) {
            problems.add(element + " is required");
        }
    }

    static String describe(Resource r) {
        String id = r.getIdElement().getIdPart();
        return r.fhirType() + "/" + (id == null ? "?" : id);
    }
}
