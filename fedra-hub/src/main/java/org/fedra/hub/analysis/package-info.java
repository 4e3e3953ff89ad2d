/**
 * Analyses the hub runs across a study's nodes by secure aggregation.
 *
 * <p>{@link org.fedra.hub.analysis.SecureSum} runs one secure-aggregation round as four task steps per node and
 * returns only the sum (of the nodes that stayed; never a half-aggregated figure).
 * {@link org.fedra.hub.analysis.StatisticsRunner} turns one secure sum into released descriptive statistics under
 * {@link org.fedra.hub.analysis.ReleaseRules}; {@link org.fedra.hub.analysis.RegressionRunner} drives exact
 * federated Newton-Raphson with one secure sum per iteration. Every release is recorded with the study service
 * before it is returned. Values travel as two limbs ({@link org.fedra.privacy.secagg.TwoLimbCodec}), so sums are
 * exact to about 2^-40 and regression matches a pooled fit to far better than 1e-6.
 */
package org.fedra.hub.analysis;
