package org.fedra.learn.fl;

/** A training job configuration that cannot run; {@link #field()} names the offending field (dotted path). */
public final class JobConfigException extends IllegalArgumentException {
    private final String field;

    public JobConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The configuration field at fault, e.g. {@code learningRate} or {@code dp.epsilonBudget}. */
    public String field() {
        return field;
    }
}
