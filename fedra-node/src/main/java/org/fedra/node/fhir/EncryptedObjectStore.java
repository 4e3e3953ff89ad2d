package org.fedra.node.fhir;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Objects (DICOM instances, documents) in a directory, content-addressed and encrypted at rest.
 *
 * <p>The address is the SHA-256 of the plaintext, so the same object is stored once and its integrity can be
 * checked after decryption. Each file holds a fresh 12-byte nonce followed by the AES-GCM ciphertext; the
 * address is authenticated as associated data, so a file renamed to another address fails to decrypt. Files
 * are written to a temporary name and moved into place, so a crash never leaves a half-written object.
 */
public final class EncryptedObjectStore {
    private static final Pattern ADDRESS = Pattern.compile("[0-9a-f]{64}");
    private static final int NONCE_BYTES = 12;
    private final Path directory;
    private final SecretKey key;
    private final SecureRandom random;

    /**
     * @param directory where objects live (created if absent)
     * @param key       an AES key (128 or 256 bits) held by the node
     * @param random    source of nonces
     */
    public EncryptedObjectStore(Path directory, SecretKey key, SecureRandom random) {
        if (!"AES".equals(key.getAlgorithm())) throw new IllegalArgumentException("the object store key must be an AES key");
        this.directory = directory;
        this.key = key;
        this.random = random;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create object store directory " + directory, e);
        }
    }

    /** Stores the bytes (once per content) and returns their address. */
    public String put(byte[] plaintext) {
        String address = address(plaintext);
        Path file = file(address);
        if (Files.exists(file)) return address;
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(address.getBytes(StandardCharsets.US_ASCII));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            Path tmp = Files.createTempFile(directory, "put-", ".tmp");
            Files.write(tmp, out);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return address;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write object " + address, e);
        }
    }

    /** The decrypted bytes; empty if no such object. Tampered or foreign files raise an error. */
    public Optional<byte[]> get(String address) {
        Path file = file(address);
        if (!Files.exists(file)) return Optional.empty();
        try {
            byte[] all = Files.readAllBytes(file);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOf(all, NONCE_BYTES)));
            c.updateAAD(address.getBytes(StandardCharsets.US_ASCII));
            byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            if (!address.equals(address(plain))) throw new IllegalStateException("object " + address + " does not match its address");
            return Optional.of(plain);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("object " + address + " fails authentication (tampered, or encrypted under another key)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt object " + address, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read object " + address, e);
        }
    }

    public boolean contains(String address) {
        return Files.exists(file(address));
    }

    /** Removes an object; true if it existed. */
    public boolean delete(String address) {
        try {
            return Files.deleteIfExists(file(address));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete object " + address, e);
        }
    }

    /** The encrypted file of an address (for tests and backups). */
    public Path file(String address) {
        if (!ADDRESS.matcher(address).matches()) throw new IllegalArgumentException("not an object address: " + address);
        return directory.resolve(address);
    }

    public static String address(byte[] plaintext) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
