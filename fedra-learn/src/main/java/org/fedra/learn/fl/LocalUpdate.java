package org.fedra.learn.fl;

/**
 * The result of local training: how far the node moved the global parameters, and on how many examples.
 *
 * @param delta {@code localParameters - globalParameters}
 * @param examples number of local examples trained on
 */
public record LocalUpdate(double[] delta, long examples) {
}
