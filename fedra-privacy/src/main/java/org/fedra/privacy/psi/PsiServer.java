package org.fedra.privacy.psi;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import org.fedra.privacy.ristretto.Scalar;

/**
 * The server side of two-party ECDH PSI over ristretto255, as a state machine without transport.
 *
 * <p>The server answers one {@link PsiRequest}: it re-blinds the client's elements with its secret
 * b (shuffled in {@link PsiMode#CARDINALITY} mode, so the client can count matches but not locate
 * them) and sends its own identifiers as b * H(y_j), shuffled. The server only ever sees elements
 * blinded by the client's secret, so it learns the size of the client's set and nothing about
 * which identifiers are shared.
 */
public final class PsiServer {
    private final PsiMode mode;
    private final List<String> identifiers;
    private final ElementBlinder blinder;
    private final SecureRandom random;
    private boolean answered;

    /**
     * @param mode the mode the server agrees to run; requests for another mode are refused
     * @param linkageKey the federation linkage key (HMAC-SHA-512 key, at least 16 bytes)
     * @param identifiers the server's identifiers, without duplicates
     * @param random source of the server's secret scalar and of the shuffles
     * @param pool the pool whose threads blind the batches
     */
    public PsiServer(PsiMode mode, byte[] linkageKey, List<String> identifiers, SecureRandom random,
            ForkJoinPool pool) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.identifiers = Identifiers.checked(identifiers, "server");
        this.random = Objects.requireNonNull(random, "random");
        this.blinder = new ElementBlinder(linkageKey, Scalar.random(random), Objects.requireNonNull(pool, "pool"));
    }

    /**
     * Step 2: answers the client's request.
     *
     * @throws PsiProtocolException if the server already answered, the request is for another
     *     mode, or a client element is not a valid encoding (naming the element)
     */
    public synchronized PsiResponse respond(PsiRequest request) {
        if (answered) {
            throw new PsiProtocolException("PSI server: respond() called twice; a server instance answers one request");
        }
        if (request == null) {
            throw new PsiProtocolException("PSI server: request is missing");
        }
        if (request.mode() != mode) {
            throw new PsiProtocolException("PSI request asks for mode " + request.mode() + " but the server runs " + mode);
        }
        List<byte[]> clientDoubly = blinder.reblindAll(request.clientBlinded().internal(), "blinded client");
        List<byte[]> serverBlinded = blinder.hashAndBlindAll(identifiers);
        answered = true;
        blinder.destroy();
        if (mode == PsiMode.CARDINALITY) {
            Collections.shuffle(clientDoubly, random);
        }
        // Always shuffle the server's own set: its order could otherwise reveal which server record matched.
        Collections.shuffle(serverBlinded, random);
        return new PsiResponse(mode, BlindedSet.trusted(clientDoubly), BlindedSet.trusted(serverBlinded));
    }
}
