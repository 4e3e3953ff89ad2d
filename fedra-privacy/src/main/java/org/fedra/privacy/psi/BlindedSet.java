package org.fedra.privacy.psi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.fedra.privacy.ristretto.RistrettoElement;

/**
 * An ordered list of encoded, blinded ristretto255 elements (32 bytes each) as carried in a PSI
 * message. Lengths are checked on construction; point validity is checked by the receiving party,
 * which is the one that must not trust the sender.
 */
public final class BlindedSet {
    private final List<byte[]> elements;

    /**
     * @param elements the encodings, each exactly 32 bytes (copied)
     * @throws PsiProtocolException if an entry is null or not 32 bytes long, naming its index
     */
    public BlindedSet(List<byte[]> elements) {
        Objects.requireNonNull(elements, "elements");
        List<byte[]> copy = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            byte[] e = elements.get(i);
            if (e == null) {
                throw new PsiProtocolException("blinded element " + i + " is missing");
            }
            if (e.length != RistrettoElement.ENCODED_LENGTH) {
                throw new PsiProtocolException("blinded element " + i + " has " + e.length + " bytes, expected "
                        + RistrettoElement.ENCODED_LENGTH);
            }
            copy.add(e.clone());
        }
        this.elements = Collections.unmodifiableList(copy);
    }

    /** Wraps already-validated encodings without copying (internal use). */
    static BlindedSet trusted(List<byte[]> elements) {
        return new BlindedSet(elements, true);
    }

    private BlindedSet(List<byte[]> elements, boolean trusted) {
        this.elements = Collections.unmodifiableList(elements);
    }

    /** Number of elements. */
    public int size() {
        return elements.size();
    }

    /** The encoding at {@code index} (a copy). */
    public byte[] get(int index) {
        return elements.get(index).clone();
    }

    /** All encodings (copies), in message order. */
    public List<byte[]> toList() {
        List<byte[]> out = new ArrayList<>(elements.size());
        for (byte[] e : elements) {
            out.add(e.clone());
        }
        return out;
    }

    List<byte[]> internal() {
        return elements;
    }
}
