package org.fedra.hub;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;
import org.fedra.protocol.storage.DatabaseCredentials;

/**
 * The hub's data directory. On first start it is created with a new federation CA, the hub's own
 * key and certificate and an operator token; on later starts every file must be present and
 * readable, otherwise the hub refuses to start and changes nothing.
 */
public final class HubDataDir {
    static final String CA_KEY = "ca-key.pem";
    static final String CA_CERT = "ca-cert.pem";
    static final String HUB_KEY = "hub-key.pem";
    static final String HUB_CERT = "hub-cert.pem";
    /** The bearer token of the operator for the HTTP API and the CLI's hub commands. */
    public static final String OPERATOR_TOKEN = "operator.token";
    /** Written at each start: the ports the hub listens on. */
    public static final String PORTS_FILE = "hub.json";
    /** The embedded database's file key and user password (owner-only; created at the first start that lacks it). */
    static final String DATABASE_KEYS = "database-keys.json";

    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final List<String> IDENTITY_FILES = List.of(CA_KEY, CA_CERT, HUB_KEY, HUB_CERT, OPERATOR_TOKEN);

    private final Path dir;
    private final CertificateAuthority ca;
    private final KeyPair hubKey;
    private final X509Certificate hubCertificate;
    private final String operatorToken;

    private HubDataDir(Path dir, CertificateAuthority ca, KeyPair hubKey, X509Certificate hubCertificate, String operatorToken) {
        this.dir = dir;
        this.ca = ca;
        this.hubKey = hubKey;
        this.hubCertificate = hubCertificate;
        this.operatorToken = operatorToken;
    }

    /** Opens an existing data directory or initialises a new (absent or empty) one. */
    public static HubDataDir openOrCreate(Path dir, List<String> advertiseHosts, Instant now, SecureRandom random) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CorruptFileException(dir, "is not a directory");
        }
        boolean fresh = !Files.exists(dir.resolve(CA_CERT)) && !Files.exists(dir.resolve(CA_KEY));
        if (fresh && Files.exists(dir.resolve("db"))) {
            throw new CorruptFileException(dir, "holds a hub database but no federation CA; refusing to create a new CA over it");
        }
        return fresh ? create(dir, advertiseHosts, now, random) : open(dir, random);
    }

    private static HubDataDir create(Path dir, List<String> advertiseHosts, Instant now, SecureRandom random) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CorruptFileException(dir, "cannot be created: " + e.getMessage(), e);
        }
        CertificateAuthority ca = CertificateAuthority.create("Fedra federation", now, random);
        KeyPair hubKey = org.fedra.protocol.pki.Certificates.newKeyPair();
        X509Certificate hubCert = ca.issueHubCertificate(hubKey, advertiseHosts, now);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        // Keys first, the CA certificate last: a crash part-way leaves no CA certificate, so the next
        // start sees a fresh directory instead of a corrupt one.
        Pem.write(dir.resolve(CA_KEY), true, ca.keyPair().getPrivate());
        Pem.write(dir.resolve(HUB_KEY), true, hubKey.getPrivate());
        Pem.write(dir.resolve(HUB_CERT), false, hubCert, ca.certificate());
        Pem.writeAtomically(dir.resolve(OPERATOR_TOKEN), token.getBytes(StandardCharsets.US_ASCII), true);
        Pem.write(dir.resolve(CA_CERT), false, ca.certificate());
        return new HubDataDir(dir, ca, hubKey, hubCert, token);
    }

    private static HubDataDir open(Path dir, SecureRandom random) {
        for (String f : IDENTITY_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new CorruptFileException(dir.resolve(f), "is missing from the hub's data directory; refusing to start (nothing was changed)");
            }
        }
        X509Certificate caCert = Pem.readCertificate(dir.resolve(CA_CERT));
        KeyPair caKey = new KeyPair(caCert.getPublicKey(), Pem.readPrivateKey(dir.resolve(CA_KEY)));
        List<X509Certificate> hubChain = Pem.readCertificates(dir.resolve(HUB_CERT));
        KeyPair hubKey = new KeyPair(hubChain.get(0).getPublicKey(), Pem.readPrivateKey(dir.resolve(HUB_KEY)));
        try {
            hubChain.get(0).verify(caCert.getPublicKey());
        } catch (Exception e) {
            throw new CorruptFileException(dir.resolve(HUB_CERT), "is not signed by the federation CA in " + CA_CERT);
        }
        String token;
        try {
            token = Files.readString(dir.resolve(OPERATOR_TOKEN), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new CorruptFileException(dir.resolve(OPERATOR_TOKEN), "cannot be read: " + e.getMessage(), e);
        }
        if (!token.matches("[0-9a-f]{64}")) {
            throw new CorruptFileException(dir.resolve(OPERATOR_TOKEN), "is not an operator token");
        }
        return new HubDataDir(dir, new CertificateAuthority(caKey, caCert, random), hubKey, hubChain.get(0), token);
    }

    public Path path() {
        return dir;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public KeyPair hubKey() {
        return hubKey;
    }

    public X509Certificate hubCertificate() {
        return hubCertificate;
    }

    public String operatorToken() {
        return operatorToken;
    }

    /**
     * The credentials of the hub's database, created (mode 600) when the directory has none yet: at the first start,
     * or the first start of a hub of an earlier version, whose unencrypted database is then encrypted with them.
     *
     * @throws CorruptFileException the file exists but does not hold valid credentials (it is left as it is)
     */
    public DatabaseCredentials databaseCredentials(SecureRandom random) {
        Path f = dir.resolve(DATABASE_KEYS);
        if (!Files.exists(f)) {
            DatabaseCredentials created = DatabaseCredentials.random(random);
            try {
                Pem.writeAtomically(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.createObjectNode()
                        .put("databaseKey", created.fileKey()).put("databasePassword", created.password())), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return created;
        }
        try {
            JsonNode o = JSON.readTree(f.toFile());
            return new DatabaseCredentials(o.path("databaseKey").asText(null), o.path("databasePassword").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptFileException(f, "does not hold the database's credentials: " + e.getMessage(), e);
        }
    }

    /** The ports recorded by the previous start, so that a restarted hub is found where its nodes left it. */
    public int[] previousPorts() {
        Path f = dir.resolve(PORTS_FILE);
        if (!Files.exists(f)) {
            return new int[] {0, 0};
        }
        try {
            JsonNode o = JSON.readTree(f.toFile());
            return new int[] {o.path("grpcPort").asInt(0), o.path("httpPort").asInt(0)};
        } catch (IOException e) {
            return new int[] {0, 0};
        }
    }

    /**
     * The TLS context of the HTTP API: the hub's key with its certificate from the federation CA (which names localhost
     * and the advertised hosts), so that a client verifies the hub against the CA file it already trusts.
     */
    javax.net.ssl.SSLContext httpsContext() {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("hub", hubKey.getPrivate(), password, new java.security.cert.Certificate[] {hubCertificate, ca.certificate()});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the HTTP API's TLS context from " + HUB_KEY + ": " + e.getMessage(), e);
        }
    }

    /** Whether the API of the previous start spoke TLS (a hub of an earlier version did not). */
    public boolean previousHttpTls() {
        Path f = dir.resolve(PORTS_FILE);
        try {
            return Files.exists(f) && JSON.readTree(f.toFile()).path("httpTls").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    void recordPorts(int grpcPort, int httpPort, boolean httpTls) {
        try {
            byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode().put("grpcPort", grpcPort).put("httpPort", httpPort).put("httpTls", httpTls)
                    .put("pid", ProcessHandle.current().pid()));
            Pem.writeAtomically(dir.resolve(PORTS_FILE), json, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
