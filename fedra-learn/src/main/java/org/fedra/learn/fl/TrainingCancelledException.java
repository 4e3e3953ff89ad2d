package org.fedra.learn.fl;

/** Local training was stopped through its {@link TrainingControl}; nothing was computed to release. */
public final class TrainingCancelledException extends RuntimeException {
    /** @param where how far training got, e.g. "in epoch 3 of 10, before batch 7 of 20" */
    public TrainingCancelledException(String where) {
        super("local training stopped " + where + ": the job was cancelled or its deadline passed");
    }
}
