package org.fedra.hub;

import org.fedra.node.consent.ConsentCompiler;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;

/** Test data: a patient's Consent permitting research, for nodes whose default policy is opt-in. */
public final class ResearchConsents {
    private ResearchConsents() {}

    public static Consent permit(String patientId) {
        Consent c = new Consent();
        c.setId("research-permit-" + patientId);
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding(ConsentCompiler.SCOPE_SYSTEM, "research", "Research")));
        c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "57016-8", "Privacy policy acknowledgement")));
        c.setPatient(new Reference("Patient/" + patientId));
        c.setDateTimeElement(new DateTimeType("2020-01-01T00:00:00Z"));
        c.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        return c;
    }
}
