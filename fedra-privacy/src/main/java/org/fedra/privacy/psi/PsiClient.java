package org.fedra.privacy.psi;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.fedra.privacy.ristretto.Scalar;

/**
 * The client side of two-party ECDH PSI over ristretto255, as a state machine without transport.
 *
 * <p>Flow: {@link #createRequest()} sends a * H(x_i); the server answers with b * a * H(x_i) and
 * b * H(y_j); {@link #finish(PsiResponse)} computes a * b * H(y_j) and compares encodings. Because
 * scalar multiplication commutes, an identifier held by both sides gives the same encoding, while
 * for any other identifier the client sees only a value blinded by the server's secret b.
 *
 * <p>Each instance runs once: a fresh secret scalar per run keeps runs unlinkable.
 */
public final class PsiClient {
    private enum State { NEW, REQUESTED, FINISHED }

    private final PsiMode mode;
    private final List<String> identifiers;
    private final ElementBlinder blinder;
    private State state = State.NEW;

    /**
     * @param mode what the client will learn
     * @param linkageKey the federation linkage key (HMAC-SHA-512 key, at least 16 bytes)
     * @param identifiers the client's identifiers, without duplicates
     * @param random source of the client's secret scalar
     * @param pool the pool whose threads blind the batches (for example {@link ForkJoinPool#commonPool()})
     */
    public PsiClient(PsiMode mode, byte[] linkageKey, List<String> identifiers, SecureRandom random,
            ForkJoinPool pool) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.identifiers = Identifiers.checked(identifiers, "client");
        this.blinder = new ElementBlinder(linkageKey, Scalar.random(Objects.requireNonNull(random, "random")),
                Objects.requireNonNull(pool, "pool"));
    }

    /**
     * Step 1: the blinded client set.
     *
     * @throws PsiProtocolException if called twice
     */
    public synchronized PsiRequest createRequest() {
        if (state != State.NEW) {
            throw new PsiProtocolException("PSI client: createRequest() called in state " + state
                    + "; it must be the first step and runs once");
        }
        List<byte[]> blinded = blinder.hashAndBlindAll(identifiers);
        state = State.REQUESTED;
        return new PsiRequest(mode, BlindedSet.trusted(blinded));
    }

    /**
     * Step 3: the result from the server's response.
     *
     * @throws PsiProtocolException if called before {@link #createRequest()} or twice, if the
     *     response is for another mode or has the wrong number of elements, or if an element is
     *     not a valid encoding (naming the element)
     */
    public synchronized PsiResult finish(PsiResponse response) {
        if (state != State.REQUESTED) {
            throw new PsiProtocolException("PSI client: finish() called in state " + state
                    + "; call createRequest() first, and finish() only once");
        }
        Objects.requireNonNull(response, "response");
        if (response.mode() != mode) {
            throw new PsiProtocolException("PSI response is for mode " + response.mode() + " but the client runs " + mode);
        }
        if (response.clientDoublyBlinded().size() != identifiers.size()) {
            throw new PsiProtocolException("PSI response has " + response.clientDoublyBlinded().size()
                    + " doubly-blinded client elements, expected " + identifiers.size());
        }
        // Validate the client part as points too, so a malformed response fails loudly rather than
        // silently matching nothing.
        for (int i = 0; i < response.clientDoublyBlinded().size(); i++) {
            byte[] e = response.clientDoublyBlinded().internal().get(i);
            try {
                org.fedra.privacy.ristretto.RistrettoElement.decode(e);
            } catch (IllegalArgumentException ex) {
                throw new PsiProtocolException("doubly-blinded client element " + i
                        + " is not a valid ristretto255 encoding: " + ex.getMessage(), ex);
            }
        }
        List<byte[]> serverDoubly = blinder.reblindAll(response.serverBlinded().internal(), "blinded server");
        state = State.FINISHED;
        blinder.destroy();
        Set<ByteBuffer> serverSet = new HashSet<>(serverDoubly.size() * 2);
        for (byte[] e : serverDoubly) {
            serverSet.add(ByteBuffer.wrap(e));
        }
        List<byte[]> clientDoubly = response.clientDoublyBlinded().internal();
        if (mode == PsiMode.CARDINALITY) {
            int count = 0;
            for (byte[] e : clientDoubly) {
                if (serverSet.contains(ByteBuffer.wrap(e))) {
                    count++;
                }
            }
            return new PsiResult(mode, count, Optional.empty());
        }
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < clientDoubly.size(); i++) {
            if (serverSet.contains(ByteBuffer.wrap(clientDoubly.get(i)))) {
                shared.add(identifiers.get(i));
            }
        }
        return new PsiResult(mode, shared.size(), Optional.of(List.copyOf(shared)));
    }
}
