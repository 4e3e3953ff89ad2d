package org.fedra.node.projection;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The projection's file at rest: a stream sealed in chunks of up to 1 MiB, each with AES-256-GCM under a fresh random
 * nonce and the chunk's index and "last" flag as associated data, so a reordered, altered or truncated file fails to
 * open instead of loading part of the data. The key is derived from the node's object-store key (one purpose, one key).
 *
 * <p>Why not DuckDB's own encrypted database files: DuckDB (1.4/1.5) writes them only with the OpenSSL of its
 * {@code httpfs} extension, which it downloads at run time; its built-in fallback is documented as not securely
 * encrypted. The node downloads nothing at run time, so the columnar data lives in DuckDB's memory and rests here.
 */
final class SealedSnapshot {
    static final int CHUNK = 1 << 20;
    private static final byte[] MAGIC = "FEDRA-PROJ1".getBytes(StandardCharsets.US_ASCII);

    private SealedSnapshot() {
    }

    /** The AES key for projection files, derived from the node's object key with HMAC-SHA256. */
    static SecretKey deriveKey(SecretKey objectKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(objectKey.getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal("fedra analytic projection v1".getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes plaintext written to the returned stream sealed into {@code out}; close it to seal the last chunk. */
    static DataOutputStream sealing(OutputStream out, SecretKey key, SecureRandom random) throws IOException {
        out.write(MAGIC);
        return new DataOutputStream(new java.io.BufferedOutputStream(new ChunkSealer(out, key, random), CHUNK));
    }

    /** Reads a sealed stream; a chunk that does not authenticate throws {@link IOException} naming it. */
    static DataInputStream opening(InputStream in, SecretKey key) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException("not a projection file (bad header)");
        return new DataInputStream(new java.io.BufferedInputStream(new ChunkOpener(new DataInputStream(in), key), CHUNK));
    }

    private static byte[] aad(long index, boolean last) {
        return ByteBuffer.allocate(9).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    private static final class ChunkSealer extends OutputStream {
        private final DataOutputStream out;
        private final SecretKey key;
        private final SecureRandom random;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(CHUNK);
        private long index;
        private boolean closed;

        ChunkSealer(OutputStream out, SecretKey key, SecureRandom random) {
            this.out = new DataOutputStream(out);
            this.key = key;
            this.random = random;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (pending.size() == CHUNK) seal(false);
                int n = Math.min(len, CHUNK - pending.size());
                pending.write(b, off, n);
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                c.updateAAD(aad(index++, last));
                byte[] sealed = c.doFinal(pending.toByteArray());
                out.writeInt(sealed.length);
                out.write(nonce);
                out.write(sealed);
                pending.reset();
            } catch (GeneralSecurityException e) {
                throw new IOException("sealing the projection failed", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            seal(true);
            out.close();
        }
    }

    private static final class ChunkOpener extends InputStream {
        private final DataInputStream in;
        private final SecretKey key;
        private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);
        private long index;
        private boolean sawLast;

        ChunkOpener(DataInputStream in, SecretKey key) {
            this.in = in;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (current.available() == 0) {
                if (sawLast) return -1;
                next();
            }
            return current.read(b, off, len);
        }

        private void next() throws IOException {
            int length;
            byte[] nonce = new byte[12];
            byte[] sealed;
            try {
                length = in.readInt();
                if (length < 16 || length > CHUNK + 16) throw new IOException("chunk " + index + " has an impossible length " + length);
                in.readFully(nonce);
                sealed = new byte[length];
                in.readFully(sealed);
            } catch (EOFException e) {
                throw new IOException("the file ends inside chunk " + index + " (truncated)", e);
            }
            for (boolean last : new boolean[] {false, true}) {
                try {
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                    c.updateAAD(aad(index, last));
                    current = new ByteArrayInputStream(c.doFinal(sealed));
                    sawLast = last;
                    index++;
                    return;
                } catch (javax.crypto.AEADBadTagException e) {
                    // try the other flag; both failing means altered data or another key
                } catch (GeneralSecurityException e) {
                    throw new IOException("opening chunk " + index + " failed", e);
                }
            }
            throw new IOException("chunk " + index + " does not authenticate (altered, or sealed with another key)");
        }
    }
}
