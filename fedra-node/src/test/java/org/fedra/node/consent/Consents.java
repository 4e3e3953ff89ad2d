package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/** Test helper: builds FHIR R4 research Consents. */
public final class Consents {
    private Consents() {
    }

    public static Consent research(String id, String patientId, String dateTime, Consent.ConsentProvisionType rootType) {
        Consent c = new Consent();
        c.setId(id);
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding(ConsentCompiler.SCOPE_SYSTEM, "research", "Research")));
        c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "57016-8", "Privacy policy acknowledgement")));
        c.setPatient(new Reference("Patient/" + patientId));
        c.setDateTimeElement(new DateTimeType(dateTime));
        c.getProvision().setType(rootType);
        return c;
    }

    public static Consent.ProvisionComponent nested(Consent.ProvisionComponent parent, Consent.ConsentProvisionType type) {
        return parent.addProvision().setType(type);
    }

    public static Consent.ProvisionComponent actor(Consent.ProvisionComponent p, String organisation) {
        p.addActor().setReference(new Reference("Organization/" + organisation))
                .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")));
        return p;
    }

    public static Consent.ProvisionComponent purpose(Consent.ProvisionComponent p, Purpose purpose) {
        p.addPurpose(new Coding(purpose.system(), purpose.code(), null));
        return p;
    }

    public static Consent.ProvisionComponent type(Consent.ProvisionComponent p, String resourceType) {
        p.addClass_(new Coding(ConsentCompiler.RESOURCE_TYPES, resourceType, null));
        return p;
    }

    public static Consent.ProvisionComponent period(Consent.ProvisionComponent p, String start, String end) {
        Period period = new Period();
        if (start != null) period.setStartElement(new DateTimeType(start));
        if (end != null) period.setEndElement(new DateTimeType(end));
        p.setPeriod(period);
        return p;
    }
}
