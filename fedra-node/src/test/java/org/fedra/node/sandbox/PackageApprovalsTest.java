package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.PackageSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approval by hash, per study; trusted signers where the policy allows them; every decision audited. */
class PackageApprovalsTest {
    static final String MANIFEST = "{\"name\":\"km\",\"version\":\"VERSION\",\"language\":\"python\",\"entryPoint\":\"main.py\","
            + "\"data\":{\"variables\":[{\"name\":\"age\",\"patient\":\"age\"}]},\"outputs\":[{\"file\":\"t.csv\",\"kind\":\"aggregate-table\"}]}";

    @TempDir
    Path dir;
    PackageNode node;

    @BeforeEach
    void setUp() {
        node = new PackageNode(dir, PackagePolicy.defaults(), null, 0);
    }

    static AnalysisPackage pkg(String version, String code) {
        return AnalysisPackage.of(Map.of("manifest.json", MANIFEST.replace("VERSION", version).getBytes(StandardCharsets.UTF_8),
                "main.py", code.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anApprovalCoversExactlyOneHashForOneStudy() {
        AnalysisPackage v1 = pkg("1", "print(1)\n");
        PackageApproval a = node.approvals.approve("s1", v1, "J. Smith");
        assertThat(a.basis()).isEqualTo(PackageApproval.BY_HASH);
        assertThat(node.approvals.authorise("s1", v1, null, PackagePolicy.Approval.PER_PACKAGE)).isEqualTo(a);
        assertThat(node.approvals.approve("s1", v1, "someone else")).as("approving twice changes nothing").isEqualTo(a);
        assertThatThrownBy(() -> node.approvals.authorise("s2", v1, null, PackagePolicy.Approval.PER_PACKAGE)).isInstanceOf(Failure.class)
                .hasMessage("package " + v1.label() + " is not approved for study s2 on this node");
        node.approvals.revoke("s1", v1.hash(), "J. Smith");
        assertThatThrownBy(() -> node.approvals.authorise("s1", v1, null, PackagePolicy.Approval.PER_PACKAGE))
                .hasMessage("package " + v1.label() + " is not approved for study s1 on this node");
        assertThat(node.auditTrail()).containsExactly(
                "package.approved steward:J. Smith: package km 1 (" + v1.hash() + ") for study s1",
                "package.refused node:node-test: package " + v1.label() + " is not approved for study s2 on this node",
                "package.approval-revoked steward:J. Smith: package km 1 (" + v1.hash() + ") for study s1",
                "package.refused node:node-test: package " + v1.label() + " is not approved for study s1 on this node");
    }

    @Test
    void aTrustedSignersLaterVersionsRunOnlyWhereThePolicySaysSo() {
        KeyPair researcher = PackageSignature.newKeyPair();
        String signer = node.approvals.trustSigner("s1", researcher.getPublic().getEncoded(), "J. Smith");
        AnalysisPackage v2 = pkg("2", "print(2)\n");
        PackageSignature signed = PackageSignature.sign(v2.hash(), researcher);

        assertThatThrownBy(() -> node.approvals.authorise("s1", v2, signed, PackagePolicy.Approval.PER_PACKAGE))
                .as("per-package policy: a signature is not an approval").hasMessage("package " + v2.label() + " is not approved for study s1 on this node");
        PackageApproval a = node.approvals.authorise("s1", v2, signed, PackagePolicy.Approval.TRUSTED_SIGNERS);
        assertThat(a.basis()).isEqualTo(PackageApproval.BY_SIGNER);
        assertThat(a.signer()).isEqualTo(signer).isEqualTo(signed.signer());
        assertThat(a.approvedBy()).isEqualTo("J. Smith");
        assertThat(node.approvals.list("s1")).containsExactly(a);

        AnalysisPackage forged = pkg("3", "steal()\n");
        PackageSignature carried = new PackageSignature(forged.hash(), signed.encodedKey(), signed.signature());
        assertThatThrownBy(() -> node.approvals.authorise("s1", forged, carried, PackagePolicy.Approval.TRUSTED_SIGNERS))
                .hasMessage("package " + forged.label() + " is not approved for study s1 on this node; the steward approved km 2 with hash "
                        + v2.hash() + ": a package whose content changed is another package and needs its own approval");
        AnalysisPackage other = AnalysisPackage.of(Map.of("manifest.json", MANIFEST.replace("km", "other").replace("VERSION", "1").getBytes(StandardCharsets.UTF_8),
                "main.py", new byte[0]));
        KeyPair stranger = PackageSignature.newKeyPair();
        assertThatThrownBy(() -> node.approvals.authorise("s1", other, PackageSignature.sign(other.hash(), stranger), PackagePolicy.Approval.TRUSTED_SIGNERS))
                .hasMessage("package " + other.label() + " is not approved for study s1 on this node; its signer "
                        + PackageSignature.fingerprint(stranger.getPublic().getEncoded()) + " is not trusted for the study");
        assertThatThrownBy(() -> node.approvals.authorise("s2", v2, signed, PackagePolicy.Approval.TRUSTED_SIGNERS))
                .as("trust is per study").isInstanceOf(Failure.class);
        assertThat(node.auditTrail()).contains("package.signer-trusted steward:J. Smith: signer " + signer + " for the packages of study s1",
                "package.approved steward:J. Smith: package " + v2.label() + " for study s1: signed by trusted signer " + signer);
    }
}
