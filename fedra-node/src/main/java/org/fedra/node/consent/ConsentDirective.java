package org.fedra.node.consent;

import java.time.Instant;

/**
 * A patient's active research Consent, compiled for fast evaluation.
 *
 * @param consentId  id of the Consent resource
 * @param patientId  the patient it belongs to
 * @param recordedAt {@code Consent.dateTime}: from when on it is in force, and which of several is newest
 * @param root       {@code Consent.provision}
 */
public record ConsentDirective(String consentId, String patientId, Instant recordedAt, ConsentProvision root) {
}
