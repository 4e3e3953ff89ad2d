package org.fedra.protocol.transfer;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits payloads into pieces that fit one gRPC message. One MiB keeps every message well below
 * gRPC's default 4 MiB limit while keeping the per-message overhead negligible.
 */
public final class Chunking {
    public static final int CHUNK_SIZE = 1 << 20;

    private Chunking() {}

    /** The chunks of {@code data}; an empty payload is one empty chunk. */
    public static List<ByteString> split(byte[] data) {
        List<ByteString> out = new ArrayList<>();
        if (data.length == 0) {
            out.add(ByteString.EMPTY);
            return out;
        }
        for (int off = 0; off < data.length; off += CHUNK_SIZE) {
            out.add(ByteString.copyFrom(data, off, Math.min(CHUNK_SIZE, data.length - off)));
        }
        return out;
    }
}
