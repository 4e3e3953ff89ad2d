package org.fedra.node.training;

import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.protocol.training.TrainingSpec;

/**
 * The node side of a model family: how it reads a job's examples, through the consent-filtered view only. The tabular
 * family reads rows of variables ({@link TrainingData}); an image family reads pixel arrays from the object store
 * behind the same view. Readers are registered in {@link TrainingDataReaders}.
 *
 * @param <D> the family's local data type (its {@code org.fedra.learn.fl.ModelFamily}'s)
 */
public interface TrainingDataReader<D> {
    /** The family's name, as in {@link TrainingSpec#family()}. */
    String family();

    /**
     * This node's examples for the job.
     *
     * @param jobSeed keys the split into training and held-out examples
     */
    LocalExamples<D> read(ConsentFilteredView view, TrainingSpec spec, long jobSeed);
}
