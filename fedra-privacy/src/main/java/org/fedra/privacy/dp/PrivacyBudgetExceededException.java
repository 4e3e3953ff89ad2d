package org.fedra.privacy.dp;

/** Thrown when a release or training step would spend more privacy than its budget allows. */
public final class PrivacyBudgetExceededException extends RuntimeException {
    private final double wouldSpendEpsilon;

    public PrivacyBudgetExceededException(String message, double wouldSpendEpsilon) {
        super(message);
        this.wouldSpendEpsilon = wouldSpendEpsilon;
    }

    /** The epsilon (at the budget's delta) the refused charge would have brought the total to. */
    public double wouldSpendEpsilon() {
        return wouldSpendEpsilon;
    }
}
