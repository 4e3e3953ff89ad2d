/**
 * Differential privacy without floating-point noise: exact discrete Laplace and discrete
 * Gaussian samplers (Canonne, Kamath, Steinke 2020) for integer queries and for real values on
 * a stated grid, norm clipping, the RDP accountant of the sampled Gaussian mechanism
 * (Mironov, Talwar, Zhang 2019) with conversion to (ε, δ), and an enforced
 * {@link org.fedra.privacy.dp.PrivacyBudget}. Every class takes its randomness as a
 * {@link java.util.random.RandomGenerator} (pass a {@link java.security.SecureRandom} in
 * production); none reads a clock or does I/O.
 *
 * <p>Typical use on a node: {@code mechanism.release(value, budget, secureRandom)} charges the
 * budget first and releases only if the charge fits.
 */
package org.fedra.privacy.dp;
