package org.fedra.node.consent;

/**
 * A decision and what made it.
 *
 * @param effect    permit or deny
 * @param consentId the id of the Consent that decided, or null when the node's default policy decided
 * @param provision the FHIRPath-like location of the deciding provision inside that Consent
 *                  (e.g. {@code Consent.provision.provision[1]}), or a description of the default rule
 */
public record ConsentDecision(Effect effect, String consentId, String provision) {
    public boolean permitted() {
        return effect == Effect.PERMIT;
    }

    public boolean byDefaultPolicy() {
        return consentId == null;
    }

    @Override
    public String toString() {
        return effect + (consentId == null ? " by " + provision : " by Consent/" + consentId + " " + provision);
    }
}
