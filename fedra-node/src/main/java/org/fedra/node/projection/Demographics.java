package org.fedra.node.projection;

import org.hl7.fhir.r4.model.Patient;

import java.time.LocalDate;

/**
 * What analyses read of a Patient resource: its pseudonym, administrative gender (FHIR code) and birth date (a partial
 * date reads as its first day, as the cohort criteria always read it). Gender and birth date may be null.
 */
public record Demographics(String patientId, String gender, LocalDate birthDate) {
    /** The demographics of a parsed Patient resource. */
    public static Demographics of(Patient p) {
        String gender = p.hasGender() ? p.getGender().toCode() : null;
        LocalDate birth = null;
        if (p.hasBirthDate()) {
            var b = p.getBirthDateElement();
            birth = LocalDate.of(b.getYear(), b.getMonth() + 1, b.getDay());
        }
        return new Demographics(p.getIdElement().getIdPart(), gender, birth);
    }
}
