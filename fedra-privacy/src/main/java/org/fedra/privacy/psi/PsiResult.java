package org.fedra.privacy.psi;

import java.util.List;
import java.util.Optional;

/**
 * What the client learned.
 *
 * @param mode the mode that was run
 * @param cardinality the number of shared identifiers
 * @param sharedIdentifiers in {@link PsiMode#INTERSECTION} mode the client's identifiers that the
 *     server also holds, in the client's order; empty in {@link PsiMode#CARDINALITY} mode
 */
public record PsiResult(PsiMode mode, int cardinality, Optional<List<String>> sharedIdentifiers) {
}
