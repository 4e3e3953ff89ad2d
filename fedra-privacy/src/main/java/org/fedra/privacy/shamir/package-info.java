/**
 * Shamir t-of-n secret sharing of 32-byte secrets over the prime field GF(2^521 - 1).
 * Pure computation: randomness is always passed in as a {@link java.security.SecureRandom}.
 */
package org.fedra.privacy.shamir;
