package org.fedra.learn.regression;

import java.util.List;
import java.util.Locale;

/**
 * A fitted regression as a statistics package reports it. Standard errors are the square roots of the
 * diagonal of the inverse Hessian (scaled by the residual variance, n - p degrees of freedom, for linear
 * regression); statistics are z (logistic, normal p-values) or t (linear, Student t p-values); intervals
 * are two-sided 95 %.
 *
 * @param family            model family
 * @param terms             term names, intercept first
 * @param coefficients      estimates
 * @param standardErrors    standard errors
 * @param statistics        estimate / standard error
 * @param pValues           two-sided p-values
 * @param lower             2.5 % confidence limits
 * @param upper             97.5 % confidence limits
 * @param iterations        Newton steps taken
 * @param converged         whether the deviance criterion was met (false: stopped at the maximum)
 * @param deviance          -2 log-likelihood (logistic) or residual sum of squares (linear)
 * @param logLikelihood     maximised log-likelihood
 * @param n                 rows used
 * @param residualVariance  RSS / (n - p) for linear regression, NaN for logistic
 */
public record RegressionResult(RegressionFamily family, List<String> terms, double[] coefficients,
                               double[] standardErrors, double[] statistics, double[] pValues, double[] lower,
                               double[] upper, int iterations, boolean converged, double deviance,
                               double logLikelihood, long n, double residualVariance) {

    static RegressionResult of(RegressionFamily family, List<String> terms, double[] beta, double[] se,
                               double df, int iterations, boolean converged, double deviance, double logLik,
                               long n, double residualVariance) {
        int p = beta.length;
        double critical = family == RegressionFamily.LINEAR
                ? Distributions.studentTwoSidedCritical(0.05, df)
                : Distributions.normalTwoSidedCritical(0.05);
        double[] stat = new double[p];
        double[] pv = new double[p];
        double[] lo = new double[p];
        double[] hi = new double[p];
        for (int i = 0; i < p; i++) {
            stat[i] = beta[i] / se[i];
            pv[i] = family == RegressionFamily.LINEAR
                    ? Distributions.studentTwoSidedP(stat[i], df)
                    : Distributions.normalTwoSidedP(stat[i]);
            lo[i] = beta[i] - critical * se[i];
            hi[i] = beta[i] + critical * se[i];
        }
        return new RegressionResult(family, List.copyOf(terms), beta.clone(), se.clone(), stat, pv, lo, hi,
                iterations, converged, deviance, logLik, n, residualVariance);
    }

    /** A copy, so that a released result cannot be altered afterwards. */
    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** A copy, so that a released result cannot be altered afterwards. */
    @Override
    public double[] standardErrors() {
        return standardErrors.clone();
    }

    /** A copy, so that a released result cannot be altered afterwards. */
    @Override
    public double[] statistics() {
        return statistics.clone();
    }

    /** A copy, so that a released result cannot be altered afterwards. */
    @Override
    public double[] pValues() {
        return pValues.clone();
    }

    /** A copy, so that a released result cannot be altered afterwards. */
    @Override
    public double[] lower() {
        return lower.clone();
    }

    /** A copy, so that a released result cannot be altered afterwards. */
    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** Residual degrees of freedom n - p. */
    public long residualDegreesOfFreedom() {
        return n - terms.size();
    }

    /** The coefficient table with a header line and a fit summary, fixed-width columns. */
    public String toTable() {
        boolean linear = family == RegressionFamily.LINEAR;
        StringBuilder sb = new StringBuilder();
        sb.append(linear ? "Linear regression (Gaussian, identity link)" : "Logistic regression (binomial, logit link)")
                .append(", n = ").append(n).append('\n');
        int width = Math.max(12, terms.stream().mapToInt(String::length).max().orElse(4) + 2);
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %14s %12s %10s %12s %14s %14s%n", "term", "estimate",
                "std. error", linear ? "t value" : "z value", "p-value", "2.5 %", "97.5 %"));
        for (int i = 0; i < terms.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %14.6g %12.6g %10.4f %12s %14.6g %14.6g%n",
                    terms.get(i), coefficients[i], standardErrors[i], statistics[i], formatP(pValues[i]),
                    lower[i], upper[i]));
        }
        if (linear) {
            sb.append(String.format(Locale.ROOT, "Residual standard error: %.6g on %d degrees of freedom; "
                    + "RSS %.6g; log-likelihood %.6f%n", Math.sqrt(residualVariance), residualDegreesOfFreedom(),
                    deviance, logLikelihood));
        } else {
            sb.append(String.format(Locale.ROOT, "Residual deviance: %.6f on %d degrees of freedom; "
                    + "log-likelihood %.6f%n", deviance, residualDegreesOfFreedom(), logLikelihood));
            sb.append(converged
                    ? String.format(Locale.ROOT, "Converged after %d Newton iterations (relative change of deviance < %.0e)%n",
                        iterations, FederatedNewton.TOLERANCE)
                    : String.format(Locale.ROOT, "NOT converged: stopped at the maximum of %d Newton iterations%n",
                        iterations));
        }
        return sb.toString();
    }

    private static String formatP(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.3e", p) : String.format(Locale.ROOT, "%.6f", p);
    }
}
