package org.fedra.protocol.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reads and writes keys and certificates as PEM files, with errors that name the file. */
public final class Pem {
    private Pem() {}

    /** Writes objects (keys, certificates) as PEM, atomically; private keys get owner-only permissions. */
    public static void write(Path file, boolean secret, Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey k) {
                    // PKCS#8, so that EC keys round-trip without depending on an embedded public key
                    w.writeObject(new JcaPKCS8Generator(k, null));
                } else {
                    w.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeAtomically(file, text.toString().getBytes(StandardCharsets.US_ASCII), secret);
    }

    /** Writes bytes to a temporary sibling and renames it into place, so a crash never leaves half a file. */
    public static void writeAtomically(Path file, byte[] content, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system; the directory's permissions protect the file
                }
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) {
        Object o = readSingle(file);
        try {
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return c.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new CorruptFileException(file, "not a usable private key: " + e.getMessage(), e);
        }
        throw new CorruptFileException(file, "expected a private key, found " + describe(o));
    }

    public static PublicKey readPublicKey(Path file) {
        Object o = readSingle(file);
        try {
            if (o instanceof SubjectPublicKeyInfo info) {
                return new JcaPEMKeyConverter().getPublicKey(info);
            }
        } catch (IOException e) {
            throw new CorruptFileException(file, "not a usable public key: " + e.getMessage(), e);
        }
        throw new CorruptFileException(file, "expected a public key, found " + describe(o));
    }

    public static X509Certificate readCertificate(Path file) {
        List<X509Certificate> all = readCertificates(file);
        return all.get(0);
    }

    /** All certificates in a PEM file, in file order (leaf first for a chain). */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(requireFile(file), StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder h)) {
                    throw new CorruptFileException(file, "expected certificates, found " + describe(o));
                }
                out.add(toCertificate(h.getEncoded()));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptFileException c) {
                throw c;
            }
            throw new CorruptFileException(file, "not a readable PEM certificate file: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new CorruptFileException(file, "holds no certificate");
        }
        return out;
    }

    public static X509Certificate toCertificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static Object readSingle(Path file) {
        try (Reader r = Files.newBufferedReader(requireFile(file), StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o == null) {
                throw new CorruptFileException(file, "holds no PEM object");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptFileException c) {
                throw c;
            }
            throw new CorruptFileException(file, "not a readable PEM file: " + e.getMessage(), e);
        }
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CorruptFileException(file, "is missing");
        }
        return file;
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }
}
