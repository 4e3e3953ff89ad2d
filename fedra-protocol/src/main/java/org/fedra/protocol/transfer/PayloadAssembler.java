package org.fedra.protocol.transfer;

import com.google.protobuf.ByteString;

/** Reassembles one chunked payload, refusing chunks that arrive out of order or overflow the announced size. */
public final class PayloadAssembler {
    private final int chunkCount;
    private final byte[] buffer;
    private int nextIndex;
    private int filled;

    public PayloadAssembler(int chunkCount, long totalSize) {
        if (chunkCount < 1 || totalSize < 0 || totalSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad chunk header: " + chunkCount + " chunks, " + totalSize + " bytes");
        }
        this.chunkCount = chunkCount;
        this.buffer = new byte[(int) totalSize];
    }

    /** Adds the next chunk; returns true when the payload is complete. */
    public boolean add(int index, ByteString data) {
        if (index != nextIndex) {
            throw new IllegalStateException("chunk " + index + " arrived, expected chunk " + nextIndex);
        }
        if (filled + data.size() > buffer.length) {
            throw new IllegalStateException("chunks exceed the announced size of " + buffer.length + " bytes");
        }
        data.copyTo(buffer, filled);
        filled += data.size();
        nextIndex++;
        if (nextIndex == chunkCount && filled != buffer.length) {
            throw new IllegalStateException("payload ended at " + filled + " of " + buffer.length + " announced bytes");
        }
        return nextIndex == chunkCount;
    }

    public byte[] payload() {
        if (nextIndex != chunkCount) {
            throw new IllegalStateException("payload incomplete: " + nextIndex + " of " + chunkCount + " chunks");
        }
        return buffer;
    }
}
