package org.fedra.node.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.PackageHash;
import org.fedra.protocol.pkg.PackageManifest;
import org.fedra.protocol.pkg.PackageSignature;

/**
 * The data steward's approvals of packages, per study, by content hash: nothing runs on this node that is not approved
 * here, and a package whose content changed by one byte has another hash and needs its own approval. Under a policy of
 * {@linkplain PackagePolicy.Approval#TRUSTED_SIGNERS trusted signers} a steward may instead trust a researcher's key for a
 * study; a package with a valid signature by that key is then approved when it first comes, and that approval is
 * recorded like any other. Every approval, trust, revocation and refusal is written to the audit log.
 */
public final class PackageApprovals {
    private final DataSource db;
    private final AuditLog audit;
    private final Clock clock;

    public PackageApprovals(DataSource db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** The steward approves a package for a study by its hash (again approving an approved hash changes nothing). */
    public synchronized PackageApproval approve(String studyId, AnalysisPackage pkg, String steward) {
        return approve(studyId, pkg.hash(), pkg.manifest().name(), pkg.manifest().version(), steward);
    }

    /**
     * The steward approves a hash they were given (e.g. by {@code fedra package inspect}) with the name and version it
     * claims; only the hash decides what may run.
     */
    public synchronized PackageApproval approve(String studyId, PackageHash hash, String name, String version, String steward) {
        requireStudy(studyId);
        if (!PackageManifest.NAME.matcher(name).matches() || !PackageManifest.VERSION.matcher(version).matches()) {
            throw Failure.badInput("not a package name and version: " + name + " " + version);
        }
        String who = steward == null || steward.isBlank() ? "steward" : steward.strip();
        Optional<PackageApproval> existing = find(studyId, hash);
        if (existing.isPresent()) return existing.get();
        PackageApproval a = new PackageApproval(studyId, hash, name, version, PackageApproval.BY_HASH, null, who, clock.instant());
        audit.append(AuditAction.PACKAGE_APPROVED, Principal.steward(who), "package " + name + " " + version + " (" + hash + ") for study " + studyId);
        insert(a);
        return a;
    }

    /** The steward trusts a researcher's key for the study's packages (effective where the policy allows signers). */
    public synchronized String trustSigner(String studyId, byte[] encodedPublicKey, String steward) {
        requireStudy(studyId);
        String signer = PackageSignature.fingerprint(encodedPublicKey);
        String who = steward == null || steward.isBlank() ? "steward" : steward.strip();
        if (trustedSigner(studyId, signer).isPresent()) return signer;
        audit.append(AuditAction.PACKAGE_SIGNER_TRUSTED, Principal.steward(who), "signer " + signer + " for the packages of study " + studyId);
        update("INSERT INTO package_signers (study_id, signer, public_key, trusted_by, trusted_at) VALUES (?,?,?,?,?)",
                studyId, signer, Base64.getEncoder().encodeToString(encodedPublicKey), who, Timestamp.from(clock.instant()));
        return signer;
    }

    /** The steward withdraws an approval: the package no longer runs for the study. */
    public synchronized void revoke(String studyId, PackageHash hash, String steward) {
        PackageApproval a = find(studyId, hash).orElseThrow(() -> Failure.notFound("package " + hash + " is not approved for study " + studyId));
        String who = steward == null || steward.isBlank() ? "steward" : steward.strip();
        audit.append(AuditAction.PACKAGE_APPROVAL_REVOKED, Principal.steward(who), "package " + a.name() + " " + a.version() + " (" + hash + ") for study " + studyId);
        update("DELETE FROM package_approvals WHERE study_id = ? AND package_hash = ?", studyId, hash.value());
    }

    /**
     * The approval under which {@code pkg} may run for the study, or a refusal (audited) saying why. The hash is the one
     * computed from the package's content here, never one the package claims.
     *
     * @param signature the researcher's signature, or null
     */
    public synchronized PackageApproval authorise(String studyId, AnalysisPackage pkg, PackageSignature signature, PackagePolicy.Approval mode) {
        Optional<PackageApproval> approved = find(studyId, pkg.hash());
        if (approved.isPresent()) return approved.get();
        if (mode == PackagePolicy.Approval.TRUSTED_SIGNERS && signature != null && signature.verifies(pkg.hash())) {
            Optional<String> trustedBy = trustedSigner(studyId, signature.signer());
            if (trustedBy.isPresent()) {
                PackageApproval a = new PackageApproval(studyId, pkg.hash(), pkg.manifest().name(), pkg.manifest().version(),
                        PackageApproval.BY_SIGNER, signature.signer(), trustedBy.get(), clock.instant());
                audit.append(AuditAction.PACKAGE_APPROVED, Principal.steward(trustedBy.get()), "package " + pkg.label() + " for study " + studyId
                        + ": signed by trusted signer " + signature.signer());
                insert(a);
                return a;
            }
        }
        String why = "package " + pkg.label() + " is not approved for study " + studyId + " on this node" + hint(studyId, pkg, signature, mode);
        audit.append(AuditAction.PACKAGE_REFUSED, why);
        throw Failure.refused(why);
    }

    private String hint(String studyId, AnalysisPackage pkg, PackageSignature signature, PackagePolicy.Approval mode) {
        for (PackageApproval a : list(studyId)) {
            if (a.name().equals(pkg.manifest().name())) {
                return "; the steward approved " + a.name() + " " + a.version() + " with hash " + a.hash()
                        + ": a package whose content changed is another package and needs its own approval";
            }
        }
        if (signature != null && !signature.verifies(pkg.hash())) return "; its signature does not match its content";
        if (signature != null && mode == PackagePolicy.Approval.TRUSTED_SIGNERS) return "; its signer " + signature.signer() + " is not trusted for the study";
        return "";
    }

    public Optional<PackageApproval> find(String studyId, PackageHash hash) {
        List<PackageApproval> l = query("SELECT * FROM package_approvals WHERE study_id = ? AND package_hash = ?", studyId, hash.value());
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The approvals of a study, oldest first. */
    public List<PackageApproval> list(String studyId) {
        return query("SELECT * FROM package_approvals WHERE study_id = ? ORDER BY approved_at, package_hash", studyId);
    }

    /** The steward who trusted the signer for the study, if one did. */
    private Optional<String> trustedSigner(String studyId, String signer) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT trusted_by FROM package_signers WHERE study_id = ? AND signer = ?")) {
            s.setString(1, studyId);
            s.setString(2, signer);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading trusted signers failed", e);
        }
    }

    private void insert(PackageApproval a) {
        update("INSERT INTO package_approvals (study_id, package_hash, package_name, package_version, basis, signer, approved_by, approved_at)"
                + " VALUES (?,?,?,?,?,?,?,?)", a.studyId(), a.hash().value(), a.name(), a.version(), a.basis(),
                a.signer() == null ? Sql.NULL_TEXT : a.signer(), a.approvedBy(), Timestamp.from(a.approvedAt()));
    }

    private static void requireStudy(String studyId) {
        if (studyId == null || studyId.isBlank() || studyId.length() > 128) throw Failure.badInput("a study id is required (at most 128 characters)");
    }

    private List<PackageApproval> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, args);
            List<PackageApproval> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new PackageApproval(r.getString("study_id"), new PackageHash(r.getString("package_hash")), r.getString("package_name"),
                            r.getString("package_version"), r.getString("basis"), r.getString("signer"), r.getString("approved_by"),
                            r.getTimestamp("approved_at").toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading package approvals failed", e);
        }
    }

    private void update(String sql, Object... args) {
        Sql.update(db, "package approvals", sql, args);
    }
}
