package org.fedra.privacy.securityindex;

import java.util.Objects;

/**
 * A steward's declared remediation of one vulnerability on one node, and the remediation level {@code RE_ij >= 1}
 * it is worth in the security index (1 = nothing done; higher = more hardened).
 *
 * @param note free text for the operator (what was done, a ticket number); never patient data
 */
public record Remediation(RemediationKind kind, double level, String note) {
    /** Nothing done. */
    public static final Remediation NONE = new Remediation(RemediationKind.NONE, 1, "");

    /**
     * @throws IllegalArgumentException if the level is not finite and at least 1, or a declared remediation
     *         ({@code kind != NONE}) claims level 1 or a kind NONE claims more
     */
    public Remediation {
        Objects.requireNonNull(kind, "remediation kind");
        note = note == null ? "" : note;
        if (!(level >= 1) || Double.isInfinite(level)) {
            throw new IllegalArgumentException("remediation level must be finite and >= 1, was " + level);
        }
        if (kind == RemediationKind.NONE && level != 1) {
            throw new IllegalArgumentException("remediation level " + level + " needs a remediation kind");
        }
    }
}
