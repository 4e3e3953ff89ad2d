package org.fedra.protocol.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.fedra.protocol.json.JsonCodec;

/**
 * A researcher's signature of a package: Ed25519 over the text {@code fedra-package-signature-v1\n} followed by the
 * package's hash. It travels beside the package (a package holds its code and nothing else) as a small JSON document:
 * {@code {"package": "sha256:...", "algorithm": "Ed25519", "publicKey": "<base64 X.509>", "signature": "<base64>"}}.
 * The signer is known by the {@linkplain #signer() fingerprint} of the public key, which a steward may trust for later
 * versions of a study's packages.
 */
public record PackageSignature(PackageHash hash, byte[] encodedKey, byte[] signature) {
    public static final String ALGORITHM = "Ed25519";
    private static final String CONTEXT = "fedra-package-signature-v1\n";

    public PackageSignature {
        Objects.requireNonNull(hash, "hash");
        encodedKey = encodedKey.clone();
        signature = signature.clone();
    }

    /** The signer's public key, X.509-encoded (a copy). */
    @Override
    public byte[] encodedKey() {
        return encodedKey.clone();
    }

    /** The signature bytes (a copy). */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** A new Ed25519 key pair for a researcher. */
    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    /** The key pair of an Ed25519 private key (its public half is derived from it), as read from the researcher's key file. */
    public static KeyPair keyPair(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                throw new PackageException("signing key", "must be an Ed25519 key (fedra package keygen makes one), was " + key.getAlgorithm());
            }
            byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
            SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw);
            return new KeyPair(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki.getEncoded())), key);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new PackageException("signing key", "is not a usable Ed25519 key: " + e.getMessage());
        }
    }

    /** Signs a package hash with the researcher's key pair (Ed25519 only). */
    public static PackageSignature sign(PackageHash hash, KeyPair key) {
        if (!isEd25519(key.getPublic())) {
            throw new PackageException("signing key", "must be an Ed25519 key (fedra package keygen makes one), was " + key.getPublic().getAlgorithm());
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key.getPrivate());
            s.update(message(hash));
            return new PackageSignature(hash, key.getPublic().getEncoded(), s.sign());
        } catch (GeneralSecurityException e) {
            throw new PackageException("signing key", "cannot sign: " + e.getMessage());
        }
    }

    /** Whether the signature is the public key's signature of the hash. */
    public boolean verifies() {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(publicKey());
            s.update(message(hash));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether this is a valid signature of exactly {@code pkg}. */
    public boolean verifies(PackageHash pkg) {
        return hash.equals(pkg) && verifies();
    }

    /** The signer's fingerprint: {@code ed25519:} and the SHA-256 of the encoded public key in hex. */
    public String signer() {
        return fingerprint(encodedKey);
    }

    /** The fingerprint of an encoded (X.509) public key, as {@link #signer()} gives it. */
    public static String fingerprint(byte[] encodedPublicKey) {
        return "ed25519:" + HexFormat.of().formatHex(PackageHash.sha256().digest(encodedPublicKey));
    }

    public PublicKey publicKey() {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encodedKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    private static boolean isEd25519(PublicKey k) {
        return k.getAlgorithm().equals("Ed25519") || k.getAlgorithm().equals("EdDSA") && k.getEncoded().length == 44;
    }

    private static byte[] message(PackageHash hash) {
        return (CONTEXT + hash.value()).getBytes(StandardCharsets.UTF_8);
    }

    public ObjectNode toJson() {
        return JsonCodec.object().put("package", hash.value()).put("algorithm", ALGORITHM)
                .put("publicKey", Base64.getEncoder().encodeToString(encodedKey)).put("signature", Base64.getEncoder().encodeToString(signature));
    }

    /** Reads a signature document; {@code where} names it in errors (a file name). Does not verify it. */
    public static PackageSignature parse(byte[] json, String where) {
        JsonNode n;
        try {
            n = JsonCodec.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new PackageException(where, "is not a package signature (not JSON)");
        }
        if (n == null || !n.isObject()) throw new PackageException(where, "is not a package signature (not a JSON object)");
        String algorithm = ManifestFields.text(n, "algorithm", where + " $", true);
        if (!ALGORITHM.equals(algorithm)) throw new PackageException(where + " $.algorithm", "must be Ed25519, was " + algorithm);
        PackageHash hash = PackageHash.parse(ManifestFields.text(n, "package", where + " $", true), where + " $.package");
        byte[] key = base64(n, "publicKey", where);
        byte[] sig = base64(n, "signature", where);
        return new PackageSignature(hash, key, sig);
    }

    private static byte[] base64(JsonNode n, String field, String where) {
        String text = ManifestFields.text(n, field, where + " $", true);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new PackageException(where + " $." + field, "is not base64");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageSignature s && s.hash.equals(hash) && Arrays.equals(s.encodedKey, encodedKey) && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hash, Arrays.hashCode(encodedKey), Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "signature of " + hash + " by " + signer();
    }
}
