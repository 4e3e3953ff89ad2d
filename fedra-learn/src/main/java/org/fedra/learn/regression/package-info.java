/**
 * Exact federated regression. A node computes a {@link org.fedra.learn.regression.LocalContribution}
 * (sums only: gradient, Hessian, log-likelihood, row count) from its own rows; the hub adds the
 * contributions of all nodes and {@link org.fedra.learn.regression.FederatedNewton} takes the Newton step.
 * Because every quantity is a sum over rows, the result equals a pooled fit on all rows.
 */
package org.fedra.learn.regression;
