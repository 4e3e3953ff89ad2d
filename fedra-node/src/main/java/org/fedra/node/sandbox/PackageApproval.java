package org.fedra.node.sandbox;

import java.time.Instant;
import org.fedra.protocol.pkg.PackageHash;

/**
 * A package the data steward approved for a study on this node.
 *
 * @param basis      {@code hash} (the steward approved this hash) or {@code signer} (a signer the steward trusts for the
 *                   study signed it, and the node recorded the approval when the package first came)
 * @param signer     the trusted signer's fingerprint for basis {@code signer}, else null
 * @param approvedBy the steward, for basis {@code hash}; for basis {@code signer}, the steward who trusted the signer
 */
public record PackageApproval(String studyId, PackageHash hash, String name, String version, String basis, String signer,
                              String approvedBy, Instant approvedAt) {
    public static final String BY_HASH = "hash";
    public static final String BY_SIGNER = "signer";
}
