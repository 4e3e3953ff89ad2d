package org.fedra.protocol.transfer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A task payload of a JSON document and a binary attachment (e.g. model parameters as tensors), so that bulk numbers
 * need not travel as JSON text. Layout: the magic {@code "FDRF"}, a 4-byte big-endian JSON length, the JSON, then the
 * attachment to the end. A payload without the magic is plain JSON without attachment, as every payload
 * was before; {@link #decode} reads both. Large payloads travel in chunks like any other ({@link Chunking}).
 *
 * @param json       the JSON document's bytes
 * @param attachment the binary part, empty when there is none
 */
public record FramedPayload(byte[] json, byte[] attachment) {
    private static final byte[] MAGIC = {'F', 'D', 'R', 'F'};

    public FramedPayload {
        json = json.clone();
        attachment = attachment == null ? new byte[0] : attachment;
    }

    /** The payload's bytes: plain JSON without an attachment, else the framed form. */
    public byte[] encode() {
        if (attachment.length == 0) return json.clone();
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + json.length + attachment.length);
        return b.put(MAGIC).putInt(json.length).put(json).put(attachment).array();
    }

    /**
     * Reads a payload: framed when it starts with the magic, else all of it is the JSON part (whose parser judges it, as
     * before frames existed).
     *
     * @throws IllegalArgumentException if a frame is malformed
     */
    public static FramedPayload decode(byte[] bytes) {
        if (bytes == null) throw new IllegalArgumentException("no payload");
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) return new FramedPayload(bytes, new byte[0]);
        if (bytes.length < MAGIC.length + 4) {
            throw new IllegalArgumentException("framed payload: " + bytes.length + " bytes end before the JSON part's length");
        }
        int length = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        int start = MAGIC.length + 4;
        if (length < 2 || length > bytes.length - start) {
            throw new IllegalArgumentException("framed payload: a JSON part of " + length + " bytes does not fit " + bytes.length + " bytes");
        }
        return new FramedPayload(Arrays.copyOfRange(bytes, start, start + length), Arrays.copyOfRange(bytes, start + length, bytes.length));
    }
}
