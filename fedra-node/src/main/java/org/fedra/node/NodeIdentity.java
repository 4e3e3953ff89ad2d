package org.fedra.node;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;

/**
 * A node's identity in its data directory: its key pair, its certificate from the federation CA,
 * the CA's certificate, and {@code node.json} (node id, organisation, hub address). Written once at
 * enrolment, read at every start; a restarted node is the same node.
 */
public record NodeIdentity(String nodeId, String organisation, String hubAddress, KeyPair key, X509Certificate certificate,
                           X509Certificate caCertificate) {
    static final String KEY = "node-key.pem";
    static final String CERT = "node-cert.pem";
    static final String CA = "ca-cert.pem";
    static final String STATE = "node.json";

    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    /** The enrolled identity in {@code dir}, or empty when the node has not enrolled yet. */
    public static Optional<NodeIdentity> load(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CorruptFileException(dir, "is not a directory");
        }
        Path state = dir.resolve(STATE);
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        JsonNode o;
        try {
            o = JSON.readTree(state.toFile());
        } catch (IOException e) {
            throw new CorruptFileException(state, "is not readable JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.hasNonNull("nodeId") || !o.hasNonNull("hub")) {
            throw new CorruptFileException(state, "lacks nodeId or hub");
        }
        X509Certificate cert = Pem.readCertificate(dir.resolve(CERT));
        X509Certificate ca = Pem.readCertificate(dir.resolve(CA));
        KeyPair key = new KeyPair(cert.getPublicKey(), Pem.readPrivateKey(dir.resolve(KEY)));
        try {
            cert.verify(ca.getPublicKey());
        } catch (Exception e) {
            throw new CorruptFileException(dir.resolve(CERT), "is not signed by the CA in " + CA);
        }
        if (!Certificates.commonName(cert).equals(o.get("nodeId").asText())) {
            throw new CorruptFileException(dir.resolve(CERT), "belongs to " + Certificates.commonName(cert) + ", not to " + o.get("nodeId").asText());
        }
        return Optional.of(new NodeIdentity(o.get("nodeId").asText(), o.path("organisation").asText(""), o.get("hub").asText(), key, cert, ca));
    }

    /** The key pair for enrolment: reused if an earlier, interrupted enrolment already made one. */
    static KeyPair enrolmentKey(Path dir) {
        Path keyFile = dir.resolve(KEY);
        if (Files.exists(keyFile)) {
            java.security.PrivateKey priv = Pem.readPrivateKey(keyFile);
            Path pub = dir.resolve("node-key.pub.pem");
            return new KeyPair(Pem.readPublicKey(pub), priv);
        }
        KeyPair k = Certificates.newKeyPair();
        Pem.write(dir.resolve("node-key.pub.pem"), false, k.getPublic());
        Pem.write(keyFile, true, k.getPrivate());
        return k;
    }

    /** Stores the identity; {@code node.json} is written last, so it only exists once everything else does. */
    void save(Path dir) {
        Pem.write(dir.resolve(CERT), false, certificate);
        Pem.write(dir.resolve(CA), false, caCertificate);
        try {
            Pem.writeAtomically(dir.resolve(STATE), JSON.writeValueAsBytes(JSON.createObjectNode().put("nodeId", nodeId)
                    .put("organisation", organisation).put("hub", hubAddress)), false);
        } catch (IOException e) {
            throw new CorruptFileException(dir.resolve(STATE), "cannot be written: " + e.getMessage(), e);
        }
    }
}
