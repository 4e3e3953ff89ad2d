package org.fedra.privacy.psi;

/**
 * Second message, server to client.
 *
 * @param mode the mode the server answered
 * @param clientDoublyBlinded b * (a * H(x_i)): in the client's order in {@link PsiMode#INTERSECTION}
 *     mode, shuffled in {@link PsiMode#CARDINALITY} mode
 * @param serverBlinded b * H(y_j) for each server identifier y_j, shuffled
 */
public record PsiResponse(PsiMode mode, BlindedSet clientDoublyBlinded, BlindedSet serverBlinded) {
    /** Validates that no part is missing. */
    public PsiResponse {
        if (mode == null) {
            throw new PsiProtocolException("PSI response has no mode");
        }
        if (clientDoublyBlinded == null) {
            throw new PsiProtocolException("PSI response has no doubly-blinded client set");
        }
        if (serverBlinded == null) {
            throw new PsiProtocolException("PSI response has no blinded server set");
        }
    }
}
