package org.fedra.node.consent;

/** The two outcomes of a consent decision, named as in FHIR R4 {@code Consent.provision.type}. */
public enum Effect {
    PERMIT, DENY
}
