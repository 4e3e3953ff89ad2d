package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts what queries need from a resource: codes (system|code), the effective date, numeric value and unit.
 * Observation components become their own entries so that e.g. the systolic part of a blood-pressure panel
 * is searchable by its own LOINC code.
 */
public final class ResourceIndexer {
    private ResourceIndexer() {
    }

    public static List<IndexEntry> entries(Resource r) {
        List<IndexEntry> out = new ArrayList<>();
        if (r instanceof Observation o) {
            Instant at = instant(o.getEffective());
            addCodes(out, o.getCode(), at, o.getValue());
            for (Observation.ObservationComponentComponent c : o.getComponent()) {
                addCodes(out, c.getCode(), at, c.getValue());
            }
        } else if (r instanceof Condition c) {
            Instant at = c.hasOnset() ? instant(c.getOnset()) : instant(c.getRecordedDateElement());
            addCodes(out, c.getCode(), at, null);
        } else if (r instanceof Procedure p) {
            addCodes(out, p.getCode(), instant(p.getPerformed()), null);
        } else if (r instanceof MedicationStatement m) {
            CodeableConcept med = m.hasMedicationCodeableConcept() ? m.getMedicationCodeableConcept() : null;
            addCodes(out, med, instant(m.getEffective()), null);
        } else if (r instanceof DiagnosticReport d) {
            addCodes(out, d.getCode(), instant(d.getEffective()), null);
        } else if (r instanceof Encounter e) {
            Instant at = e.hasPeriod() ? instant(e.getPeriod()) : null;
            Coding cls = e.getClass_();
            out.add(new IndexEntry(cls.getSystem(), cls.getCode(), at, null, null));
            for (CodeableConcept t : e.getType()) {
                addCodes(out, t, at, null);
            }
        } else if (r instanceof ImagingStudy i) {
            Instant at = instant(i.getStartedElement());
            for (Coding m : i.getModality()) {
                out.add(new IndexEntry(m.getSystem(), m.getCode(), at, null, null));
            }
            for (CodeableConcept pc : i.getProcedureCode()) {
                addCodes(out, pc, at, null);
            }
        } else if (r instanceof Patient p) {
            out.add(new IndexEntry("http://hl7.org/fhir/administrative-gender",
                    p.hasGender() ? p.getGender().toCode() : null, instant(p.getBirthDateElement()), null, null));
        } else if (r instanceof Consent c) {
            addCodes(out, c.getScope(), instant(c.getDateTimeElement()), null);
        }
        if (out.isEmpty()) {
            out.add(new IndexEntry(null, null, null, null, null));
        }
        return out;
    }

    private static void addCodes(List<IndexEntry> out, CodeableConcept cc, Instant at, Type value) {
        Double num = null;
        String unit = null;
        if (value instanceof Quantity q && q.hasValue()) {
            num = q.getValue().doubleValue();
            unit = q.hasCode() ? q.getCode() : q.getUnit();
        } else if (value instanceof IntegerType i && i.getValue() != null) {
            num = i.getValue().doubleValue();
        }
        if (cc == null || cc.getCoding().isEmpty()) {
            out.add(new IndexEntry(null, null, at, num, unit));
            return;
        }
        for (Coding c : cc.getCoding()) {
            out.add(new IndexEntry(c.getSystem(), c.getCode(), at, num, unit));
        }
    }

    private static Instant instant(Type t) {
        if (t instanceof BaseDateTimeType d && d.getValue() != null) {
            return d.getValue().toInstant();
        }
        if (t instanceof Period p) {
            return p.getStart() != null ? p.getStart().toInstant() : null;
        }
        return null;
    }
}
