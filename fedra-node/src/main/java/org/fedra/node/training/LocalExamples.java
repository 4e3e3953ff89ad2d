package org.fedra.node.training;

/**
 * One node's examples for a training job, in the data type of the job's model family (rows of a table, images...),
 * split into the rows it trains on and the rows held out for evaluation. Stays on the node.
 *
 * @param <D> the family's local data type
 */
public interface LocalExamples<D> {
    /** Examples to train on. */
    D train();

    /** Examples held out for evaluation. */
    D test();
}
