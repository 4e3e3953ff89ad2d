package org.fedra.privacy.dp;

/**
 * An {@code (ε, δ)}-DP guarantee and the Rényi order whose bound gave it
 * ({@code +∞} when it comes from pure-DP composition).
 *
 * @param epsilon the privacy loss bound
 * @param delta the failure probability
 * @param order the RDP order that achieved the bound
 */
public record EpsilonDelta(double epsilon, double delta, double order) {
}
