package org.fedra.node.imaging;

/** The pixels of an instance cannot be decoded in Java; the message says why. */
public final class UndecodablePixelsException extends Exception {
    private final boolean needsOrthanc;

    public UndecodablePixelsException(String message, boolean needsOrthanc) {
        super(message);
        this.needsOrthanc = needsOrthanc;
    }

    /** Whether the pixel data is compressed, so that Orthanc (not a decoder of ours) must decode it. */
    public boolean needsOrthanc() {
        return needsOrthanc;
    }
}
