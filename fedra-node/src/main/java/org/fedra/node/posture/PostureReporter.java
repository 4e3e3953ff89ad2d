package org.fedra.node.posture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.v1.DeclaredRemediation;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.OsPackage;
import org.fedra.protocol.v1.Posture;
import org.fedra.protocol.v1.SignedPosture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the node's signed security posture to the hub: at every connection and then on an interval. The posture
 * names the software version, the digest of the code, the host's installed packages and the remediations the steward
 * declared in {@value #REMEDIATIONS_FILE} of the data directory (optional).
 */
public final class PostureReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostureReporter.class);
    public static final String REMEDIATIONS_FILE = "remediations.json";
    private static final Path OS_RELEASE = Path.of("/etc/os-release");

    /** What signs and identifies the posture. */
    public record Signer(String nodeId, java.security.PrivateKey key, java.security.cert.X509Certificate certificate) {
    }

    private final Signer signer;
    private final String softwareVersion;
    private final Path dataDir;
    private final HostPackages packages;
    private final Consumer<NodeMessage> outbox;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-posture");
        t.setDaemon(true);
        return t;
    });
    private CodeMeasurement code;
    private long lastTakenAt;

    public PostureReporter(Signer signer, String softwareVersion, Path dataDir, HostPackages packages, Consumer<NodeMessage> outbox, AuditLog audit,
                           Clock clock, Duration interval) {
        this.signer = signer;
        this.softwareVersion = softwareVersion;
        this.dataDir = dataDir;
        this.packages = packages;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.interval = interval;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::sendQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a posture soon, on the reporter's own thread (called when the hub welcomed a stream). */
    public void connected() {
        timer.execute(this::sendQuietly);
    }

    private void sendQuietly() {
        try {
            send();
        } catch (RuntimeException e) {
            // not connected: the next connection or tick sends again (a timer task must not throw)
            log.debug("posture not sent: {}", e.getMessage());
        }
    }

    /** Takes, signs and sends one posture; returns it. */
    public synchronized Posture send() {
        Posture p = take();
        outbox.accept(NodeMessage.newBuilder().setPosture(sign(p, signer)).build());
        audit.append(AuditAction.POSTURE_SENT, "software " + p.getSoftwareVersion() + ", code sha256 " + p.getCodeSha256() + " (" + p.getCodeMeasured()
                + "), " + p.getPackagesCount() + " packages from " + p.getPackagesSource() + ", " + p.getRemediationsCount() + " declared remediations");
        return p;
    }

    synchronized Posture take() {
        if (code == null) {
            code = CodeMeasurement.of(PostureReporter.class);
        }
        long takenAt = Math.max(clock.millis(), lastTakenAt + 1);
        lastTakenAt = takenAt;
        HostPackages.Listing listing = packages.list();
        Posture.Builder b = Posture.newBuilder().setNodeId(signer.nodeId()).setTakenAtEpochMs(takenAt).setSoftwareVersion(softwareVersion)
                .setCodeSha256(code.sha256()).setCodeMeasured(code.measured()).setOsRelease(listing.osRelease()).setPackagesSource(listing.source());
        for (HostPackages.Package p : listing.packages()) {
            b.addPackages(OsPackage.newBuilder().setName(p.name()).setVersion(p.version())
                    .setSourceName(p.sourceName().equals(p.name()) ? "" : p.sourceName())
                    .setSourceVersion(p.sourceVersion().equals(p.version()) ? "" : p.sourceVersion()));
        }
        b.addAllRemediations(remediations(dataDir.resolve(REMEDIATIONS_FILE)));
        return b.build();
    }

    /** Signs a posture with a node key (also used by tests that forge one). */
    public static SignedPosture sign(Posture p, Signer signer) {
        byte[] body = p.toByteArray();
        try {
            Signature s = Signature.getInstance(Certificates.SIGNATURE_ALGORITHM);
            s.initSign(signer.key());
            s.update(body);
            return SignedPosture.newBuilder().setPosture(com.google.protobuf.ByteString.copyFrom(body))
                    .setSignature(com.google.protobuf.ByteString.copyFrom(s.sign()))
                    .setCertificateDer(com.google.protobuf.ByteString.copyFrom(signer.certificate().getEncoded())).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the posture: " + e.getMessage(), e);
        }
    }

    /** "ID:VERSION_ID" of /etc/os-release (e.g. "debian:12"), or "" when unknown. */
    static String osRelease() {
        try {
            if (!Files.isReadable(OS_RELEASE)) {
                return "";
            }
            String id = "";
            String version = "";
            for (String line : Files.readAllLines(OS_RELEASE)) {
                if (line.startsWith("ID=")) {
                    id = unquote(line.substring(3));
                } else if (line.startsWith("VERSION_ID=")) {
                    version = unquote(line.substring(11));
                }
            }
            return id.isEmpty() ? "" : id + (version.isEmpty() ? "" : ":" + version);
        } catch (IOException e) {
            return "";
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") || s.startsWith("'")) ? s.substring(1, s.length() - 1) : s;
    }

    /**
     * The steward's declarations: {@code [{"vulnerability": "CVE-…", "kind": "PATCHED", "level": 3, "note": "…"}]}. A
     * damaged file is reported in the log naming the file and entry, and no remediation is sent for it.
     */
    static List<DeclaredRemediation> remediations(Path file) {
        List<DeclaredRemediation> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isArray()) {
                log.warn("{}: expected a JSON array of remediations; none sent", file);
                return out;
            }
            for (int i = 0; i < root.size(); i++) {
                JsonNode r = root.get(i);
                String id = r.path("vulnerability").asText("");
                String kind = r.path("kind").asText("");
                double level = r.path("level").asDouble(Double.NaN);
                if (id.isBlank() || !List.of("PATCHED", "MITIGATED_BY_CONFIGURATION", "COMPENSATING_CONTROL").contains(kind) || !(level >= 1)) {
                    log.warn("{}: entry [{}] needs vulnerability, kind (PATCHED, MITIGATED_BY_CONFIGURATION, COMPENSATING_CONTROL) and level >= 1; "
                            + "skipped", file, i);
                    continue;
                }
                out.add(DeclaredRemediation.newBuilder().setVulnerabilityId(id).setKind(kind).setLevel(level).setNote(r.path("note").asText("")).build());
            }
        } catch (IOException e) {
            log.warn("{}: not readable JSON ({}); no remediation sent", file, e.getMessage());
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

}
