package org.fedra.privacy.psi;

/**
 * First message, client to server: the client's identifiers, keyed-hashed, derived to group
 * elements and blinded with the client's secret scalar.
 *
 * @param mode the mode the client runs; the server refuses a request for another mode
 * @param clientBlinded a * H(x_i) for each client identifier x_i, in the client's order
 */
public record PsiRequest(PsiMode mode, BlindedSet clientBlinded) {
    /** Validates that no part is missing. */
    public PsiRequest {
        if (mode == null) {
            throw new PsiProtocolException("PSI request has no mode");
        }
        if (clientBlinded == null) {
            throw new PsiProtocolException("PSI request has no blinded client set");
        }
    }
}
