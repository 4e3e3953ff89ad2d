package org.fedra.learn.regression;

/** The regression models that can be fitted exactly from summed node contributions. */
public enum RegressionFamily {
    /** Binomial outcome (0/1) with logit link; fitted by Newton-Raphson (IRLS), z statistics. */
    LOGISTIC,
    /** Gaussian outcome with identity link; one pass of normal equations, t statistics. */
    LINEAR
}
