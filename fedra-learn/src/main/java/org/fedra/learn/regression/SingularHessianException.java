package org.fedra.learn.regression;

/**
 * The summed Hessian (information matrix) is singular or not positive definite, so the Newton step and
 * the standard errors are undefined.
 */
public final class SingularHessianException extends IllegalStateException {
    private final String term;

    SingularHessianException(String term, String message) {
        super(message);
        this.term = term;
    }

    /** The term at which the Cholesky factorisation broke down (collinear with the terms before it). */
    public String term() {
        return term;
    }
}
