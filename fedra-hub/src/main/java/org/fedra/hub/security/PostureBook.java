package org.fedra.hub.security;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.v1.Posture;
import org.fedra.protocol.v1.SignedPosture;

/**
 * The latest security posture of each node. A posture is kept only when it is signed by the key of the certificate
 * the sending node is enrolled with, names that node, and is newer than the one kept (an older or equal timestamp is
 * a replay). Refusals are kept in memory for the operator's view (and audited by the caller).
 */
public final class PostureBook {
    /** How far a posture's timestamp may be ahead of the hub's clock. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    /** A node's kept posture. */
    public record NodePosture(String nodeId, Posture posture, Instant receivedAt) {
    }

    private final DataSource db;
    /** The fingerprint of the certificate a node is enrolled with (empty for an unknown node). */
    private final Function<String, Optional<String>> enrolledFingerprint;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public PostureBook(DataSource db, Function<String, Optional<String>> enrolledFingerprint) {
        this.db = db;
        this.enrolledFingerprint = enrolledFingerprint;
    }

    /** Calls {@code listener} with the node id after each accepted posture. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Checks and keeps a posture sent on {@code nodeId}'s authenticated stream.
     *
     * @throws PostureRefusedException why it is not kept (the previous posture stays)
     */
    public synchronized NodePosture receive(String nodeId, SignedPosture m, Instant now) {
        try {
            NodePosture p = check(nodeId, m, now);
            store(p, m);
            listeners.forEach(l -> l.accept(nodeId));
            return p;
        } catch (PostureRefusedException e) {
            refusals.add(nodeId + ": " + e.getMessage());
            throw e;
        }
    }

    private NodePosture check(String nodeId, SignedPosture m, Instant now) {
        if (m.getPosture().isEmpty() || m.getSignature().isEmpty() || m.getCertificateDer().isEmpty()) {
            throw new PostureRefusedException("posture from " + nodeId + " is unsigned (posture, signature and certificate are required)");
        }
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(m.getCertificateDer().toByteArray()));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new PostureRefusedException("posture from " + nodeId + ": certificate_der is not an X.509 certificate");
        }
        String fingerprint = Certificates.fingerprint(cert);
        if (!enrolledFingerprint.apply(nodeId).map(fingerprint::equals).orElse(false)) {
            throw new PostureRefusedException("posture from " + nodeId + " is signed with the certificate of " + Certificates.commonName(cert)
                    + " (fingerprint " + fingerprint + "), not the one " + nodeId + " is enrolled with");
        }
        try {
            Signature s = Signature.getInstance(Certificates.SIGNATURE_ALGORITHM);
            s.initVerify(cert.getPublicKey());
            s.update(m.getPosture().toByteArray());
            if (!s.verify(m.getSignature().toByteArray())) {
                throw new PostureRefusedException("posture from " + nodeId + ": the signature does not verify with " + nodeId + "'s certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new PostureRefusedException("posture from " + nodeId + ": the signature does not verify (" + e.getMessage() + ")");
        }
        Posture p;
        try {
            p = Posture.parseFrom(m.getPosture());
        } catch (InvalidProtocolBufferException e) {
            throw new PostureRefusedException("posture from " + nodeId + " is malformed: " + e.getMessage());
        }
        if (!p.getNodeId().equals(nodeId)) {
            throw new PostureRefusedException("posture from " + nodeId + " names node '" + p.getNodeId() + "'");
        }
        for (int i = 0; i < p.getPackagesCount(); i++) {
            if (p.getPackages(i).getName().isBlank() || p.getPackages(i).getVersion().isBlank()) {
                throw new PostureRefusedException("posture from " + nodeId + ": packages[" + i + "] needs a name and a version");
            }
        }
        for (int i = 0; i < p.getRemediationsCount(); i++) {
            var r = p.getRemediations(i);
            if (r.getVulnerabilityId().isBlank() || !(r.getLevel() >= 1) || !java.util.Set.of("PATCHED", "MITIGATED_BY_CONFIGURATION",
                    "COMPENSATING_CONTROL").contains(r.getKind())) {
                throw new PostureRefusedException("posture from " + nodeId + ": remediations[" + i + "] needs a vulnerability id, a kind (PATCHED, "
                        + "MITIGATED_BY_CONFIGURATION, COMPENSATING_CONTROL) and a level >= 1");
            }
        }
        Instant takenAt = Instant.ofEpochMilli(p.getTakenAtEpochMs());
        if (takenAt.isAfter(now.plus(MAX_AHEAD))) {
            throw new PostureRefusedException("posture from " + nodeId + " is dated " + takenAt + ", ahead of the hub's clock (" + now + ")");
        }
        Optional<NodePosture> last = latest(nodeId);
        if (last.isPresent() && p.getTakenAtEpochMs() <= last.get().posture().getTakenAtEpochMs()) {
            throw new PostureRefusedException("posture from " + nodeId + " taken at " + takenAt + " is not newer than the one kept (taken at "
                    + Instant.ofEpochMilli(last.get().posture().getTakenAtEpochMs()) + "): a replay");
        }
        return new NodePosture(nodeId, p, now);
    }

    private void store(NodePosture p, SignedPosture m) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("MERGE INTO node_posture (node_id, taken_at, received_at, posture, signature, certificate)"
                     + " KEY (node_id) VALUES (?,?,?,?,?,?)")) {
            s.setString(1, p.nodeId());
            s.setLong(2, p.posture().getTakenAtEpochMs());
            s.setTimestamp(3, Timestamp.from(p.receivedAt()));
            s.setBytes(4, m.getPosture().toByteArray());
            s.setBytes(5, m.getSignature().toByteArray());
            s.setBytes(6, m.getCertificateDer().toByteArray());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the posture of " + p.nodeId() + ": " + e.getMessage(), e);
        }
    }

    public Optional<NodePosture> latest(String nodeId) {
        return Optional.ofNullable(read("WHERE node_id = ?", nodeId).get(nodeId));
    }

    /** Every node's kept posture, by node id. */
    public Map<String, NodePosture> all() {
        return read("", null);
    }

    /** Postures refused since the hub started, newest last ("node: why"). */
    public List<String> refusals() {
        return new ArrayList<>(refusals);
    }

    private Map<String, NodePosture> read(String where, String nodeId) {
        Map<String, NodePosture> out = new TreeMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT node_id, received_at, posture FROM node_posture " + where)) {
            if (nodeId != null) {
                s.setString(1, nodeId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new NodePosture(rs.getString(1), Posture.parseFrom(rs.getBytes(3)), rs.getTimestamp(2).toInstant()));
                }
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot read node postures: " + e.getMessage(), e);
        }
        return out;
    }
}
