package org.fedra.privacy.psi;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import org.fedra.privacy.ristretto.Scalar;

/**
 * One hospital's part in a multi-party PSI cardinality run (record linkage of n parties through a relay that must
 * learn nothing). Each party blinds its own linkage identifiers with a secret scalar ({@link #blindOwn}); every
 * other party then blinds that set again ({@link #reblind}). Scalar multiplication commutes, so once every party
 * has blinded every set, an identifier held by two parties has the same encoding in both sets, and
 * {@link OverlapCount} counts overlaps without anyone learning which identifiers they are.
 *
 * <p>The relay sees every set at every stage. Were the fully blinded sets handed to it, it could compare them and
 * learn exact overlaps that disclosure control would have suppressed. So one party, the counting party, takes part
 * differently: it blinds every other party's set first with a transit mask, a fresh scalar per set
 * ({@link #maskInTransit}), and when the set comes back from the others it swaps that mask for its own secret
 * ({@link #completeMasked}). Its own set circulates normally. Every set the relay holds then carries a product of
 * secrets that no other set carries, and only the counting party ever holds comparable sets.
 * This holds for a relay that routes the sets as the protocol says and looks at what passes; a relay that routes them
 * otherwise (for example skipping the counting party) could obtain comparable sets unless the parties refuse such
 * steps, which they can only partly check on their own.
 *
 * <p>Every output is shuffled, so positions cannot link an element to the one it came from. A party runs one job:
 * a fresh secret per job keeps jobs unlinkable. Thread-safe.
 */
public final class PsiParty {
    private final ElementBlinder blinder;
    private final Scalar secret;
    private final SecureRandom random;
    private final Map<String, Scalar> transitMasks = new HashMap<>();
    private final Map<String, Boolean> completed = new HashMap<>();
    private boolean blindedOwn;
    private volatile boolean destroyed;

    /**
     * @param linkageKey the federation linkage key (HMAC-SHA-512 key, at least 16 bytes), shared by the hospitals
     *                   and never by the relay
     * @param random     source of the secret scalar, the transit masks and the shuffles
     * @param pool       the pool whose threads blind the batches (for example {@link ForkJoinPool#commonPool()})
     */
    public PsiParty(byte[] linkageKey, SecureRandom random, ForkJoinPool pool) {
        this.random = Objects.requireNonNull(random, "random");
        this.secret = Scalar.random(random);
        this.blinder = new ElementBlinder(linkageKey, secret, Objects.requireNonNull(pool, "pool"));
    }

    /**
     * The party's own identifiers, keyed-hashed into the group and blinded with its secret, shuffled. Runs once.
     *
     * @throws IllegalArgumentException an identifier is null or a duplicate (naming its index)
     * @throws PsiProtocolException     called a second time
     */
    public synchronized BlindedSet blindOwn(List<String> identifiers) {
        checkLive();
        if (blindedOwn) {
            throw new PsiProtocolException("PSI party: blindOwn() runs once per job; start a new party for a new job");
        }
        List<String> checked = Identifiers.checked(identifiers, "own");
        List<byte[]> out = blinder.hashAndBlindAll(checked);
        blindedOwn = true;
        return shuffled(out);
    }

    /**
     * Another party's set, blinded again with this party's secret, shuffled.
     *
     * @throws PsiProtocolException an element is not a valid encoding or is the identity (naming its index)
     */
    public BlindedSet reblind(BlindedSet set) {
        Objects.requireNonNull(set, "set");
        checkLive();
        return shuffled(blinder.reblindAll(set.internal(), "received"));
    }

    /**
     * Counting party only: blinds another party's freshly blinded set with a new transit mask remembered under
     * {@code setLabel} (for example the originating node), shuffled.
     *
     * @throws PsiProtocolException the label was masked before, or an element is invalid (naming its index)
     */
    public BlindedSet maskInTransit(String setLabel, BlindedSet set) {
        Objects.requireNonNull(setLabel, "setLabel");
        Objects.requireNonNull(set, "set");
        Scalar mask;
        synchronized (this) {
            checkLive();
            if (transitMasks.containsKey(setLabel)) {
                throw new PsiProtocolException("PSI party: the set '" + setLabel + "' was already masked in this job");
            }
            mask = Scalar.random(random);
            transitMasks.put(setLabel, mask);
        }
        return shuffled(blinder.withSecret(mask).reblindAll(set.internal(), "set '" + setLabel + "'"));
    }

    /**
     * Counting party only: the set masked under {@code setLabel}, back after every other party blinded it, with the
     * transit mask replaced by this party's secret. Afterwards it is comparable with every other completed set and
     * with this party's own set after the others blinded it.
     *
     * @throws PsiProtocolException no set was masked under the label, or it was completed before, or an element is
     *                              invalid (naming its index)
     */
    public BlindedSet completeMasked(String setLabel, BlindedSet set) {
        Objects.requireNonNull(setLabel, "setLabel");
        Objects.requireNonNull(set, "set");
        Scalar mask;
        synchronized (this) {
            checkLive();
            mask = transitMasks.get(setLabel);
            if (mask == null) {
                throw new PsiProtocolException("PSI party: no set '" + setLabel + "' was masked in this job");
            }
            if (completed.putIfAbsent(setLabel, Boolean.TRUE) != null) {
                throw new PsiProtocolException("PSI party: the set '" + setLabel + "' was already completed in this job");
            }
        }
        return shuffled(blinder.withSecret(mask.invert().multiply(secret)).reblindAll(set.internal(), "set '" + setLabel + "'"));
    }

    /** Forgets the key material; the party cannot be used afterwards. */
    public synchronized void destroy() {
        destroyed = true;
        transitMasks.clear();
        blinder.destroy();
    }

    private void checkLive() {
        if (destroyed) {
            throw new PsiProtocolException("PSI party: used after destroy()");
        }
    }

    private BlindedSet shuffled(List<byte[]> elements) {
        synchronized (random) {
            Collections.shuffle(elements, random);
        }
        return BlindedSet.trusted(elements);
    }
}
