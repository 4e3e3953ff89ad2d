/**
 * Secure aggregation after Bonawitz et al., "Practical Secure Aggregation for Privacy-Preserving
 * Machine Learning" (CCS 2017), in its semi-honest-server variant (no signatures, no consistency
 * round): the server learns the sum of the clients' vectors and nothing else about them, and can
 * finish a round when clients drop out.
 *
 * <p>Flow of one round, with the message each step produces:
 * <ol>
 *   <li>{@link org.fedra.privacy.secagg.SecAggClient#advertiseKeys()} &rarr; {@link org.fedra.privacy.secagg.KeyAdvertisement};
 *       the server's {@link org.fedra.privacy.secagg.SecAggServer#closeKeyCollection()} &rarr; {@link org.fedra.privacy.secagg.KeyRoster}.</li>
 *   <li>{@link org.fedra.privacy.secagg.SecAggClient#shareKeys} &rarr; {@link org.fedra.privacy.secagg.ShareUpload}
 *       (Shamir shares of the self-mask seed and of the mask private key, AES-GCM encrypted per recipient);
 *       {@link org.fedra.privacy.secagg.SecAggServer#closeShareCollection()} &rarr; one {@link org.fedra.privacy.secagg.ShareDelivery} per client.</li>
 *   <li>{@link org.fedra.privacy.secagg.SecAggClient#maskInput} &rarr; {@link org.fedra.privacy.secagg.MaskedInput};
 *       {@link org.fedra.privacy.secagg.SecAggServer#closeMaskedInputCollection} &rarr; {@link org.fedra.privacy.secagg.UnmaskRequest}.</li>
 *   <li>{@link org.fedra.privacy.secagg.SecAggClient#unmask} &rarr; {@link org.fedra.privacy.secagg.UnmaskResponse};
 *       {@link org.fedra.privacy.secagg.SecAggServer#finish()} &rarr; {@link org.fedra.privacy.secagg.AggregationResult}.</li>
 * </ol>
 * One addition to the paper: each client also advertises a SHA-256 commitment to its self-mask
 * seed, and the server checks reconstructed seeds (against the commitment) and mask keys (against
 * the advertised public key), so a tampered share is detected even when exactly t clients answer.
 *
 * <p>Messages are plain immutable objects so that any transport can carry them. Nothing here does
 * I/O or reads a clock; all randomness comes from the {@link java.security.SecureRandom} given to
 * each client.
 */
package org.fedra.privacy.secagg;
