package org.fedra.learn.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The hub side of exact federated regression: starts from zero coefficients, asks for the summed
 * contributions of all nodes at the current coefficients, takes the Newton step by Cholesky, and
 * stops when the relative change of the deviance, |D<sub>k</sub> - D<sub>k-1</sub>| / (|D<sub>k</sub>| + 0.1),
 * falls below {@value #TOLERANCE} or after the maximum number of iterations.
 *
 * <p>It never sees a node's rows or a single node's sums unless the caller hands them over: the
 * function it is given returns the <em>summed</em> contribution, however the sum was formed.
 */
public final class FederatedNewton {
    /** Convergence threshold on the relative change of the deviance. */
    public static final double TOLERANCE = 1e-10;
    /** Name of the intercept term, the first parameter. */
    public static final String INTERCEPT = "(Intercept)";
    /** Below this deviance per row every fitted probability is within about 1e-6 of the observed 0 or 1. */
    private static final double SEPARATION_DEVIANCE_PER_ROW = 1e-6;

    private final RegressionFamily family;
    private final List<String> terms;
    private final int maxIterations;

    /**
     * @param family         logistic or linear
     * @param predictorNames names of the predictors in row order (the intercept is added in front)
     * @param maxIterations  upper bound on Newton iterations (ignored for linear, which needs one)
     */
    public FederatedNewton(RegressionFamily family, List<String> predictorNames, int maxIterations) {
        this.family = Objects.requireNonNull(family, "family");
        Objects.requireNonNull(predictorNames, "predictorNames");
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, was " + maxIterations);
        }
        List<String> t = new ArrayList<>();
        t.add(INTERCEPT);
        for (String name : predictorNames) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("predictor names must not be blank: " + predictorNames);
            }
            t.add(name);
        }
        this.terms = List.copyOf(t);
        this.maxIterations = maxIterations;
    }

    /** Number of parameters p, intercept included. */
    public int parameters() {
        return terms.size();
    }

    /**
     * Fits the model.
     *
     * @param summedContributionAt returns the sum over all nodes of their {@link LocalContribution} at the
     *                             given coefficients (length {@link #parameters()}, intercept first)
     * @throws SingularHessianException if the summed Hessian is singular or not positive definite
     */
    public RegressionResult fit(Function<double[], LocalContribution> summedContributionAt) {
        Objects.requireNonNull(summedContributionAt, "summedContributionAt");
        return family == RegressionFamily.LINEAR ? fitLinear(summedContributionAt) : fitLogistic(summedContributionAt);
    }

    private RegressionResult fitLogistic(Function<double[], LocalContribution> source) {
        int p = parameters();
        double[] beta = new double[p];
        double previousDeviance = Double.NaN;
        for (int iteration = 1; ; iteration++) {
            LocalContribution c = checked(source.apply(beta.clone()));
            double deviance = -2.0 * c.scalar();
            CholeskyFactor factor = CholeskyFactor.of(c.informationMatrix(), terms, family);
            boolean converged = !Double.isNaN(previousDeviance)
                    && Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < TOLERANCE;
            // iteration k evaluates the sums at the coefficients of step k-1; the last evaluation's Hessian gives the SEs
            if (converged && deviance < SEPARATION_DEVIANCE_PER_ROW * c.rows()) {
                // every fitted probability is (numerically) 0 or 1: the likelihood has no maximum, the
                // "converged" coefficients are only as large as the iterations let them grow
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "perfect separation: the predictors classify the outcome exactly (deviance %.3g over %d rows"
                        + " after %d iterations), so the maximum-likelihood estimates do not exist; remove or merge"
                        + " the separating predictor, or use a penalised model", deviance, c.rows(), iteration - 1));
            }
            if (converged || iteration > maxIterations) {
                double[] se = sqrt(factor.inverseDiagonal(), 1.0);
                return RegressionResult.of(family, terms, beta, se, Double.POSITIVE_INFINITY, iteration - 1,
                        converged, deviance, c.scalar(), c.rows(), Double.NaN);
            }
            double[] step = factor.solve(c.score());
            for (int i = 0; i < p; i++) {
                beta[i] += step[i];
            }
            previousDeviance = deviance;
        }
    }

    private RegressionResult fitLinear(Function<double[], LocalContribution> source) {
        int p = parameters();
        LocalContribution c = checked(source.apply(new double[p]));
        long n = c.rows();
        if (n <= p) {
            throw new IllegalArgumentException("linear regression with " + p + " parameters needs more than " + p
                    + " rows in total, got " + n);
        }
        CholeskyFactor factor = CholeskyFactor.of(c.informationMatrix(), terms, family);
        double[] xty = c.score();
        double[] beta = factor.solve(xty);
        double rss = c.scalar();
        for (int i = 0; i < p; i++) {
            rss -= beta[i] * xty[i];
        }
        // y'y - b'X'y can go slightly negative by cancellation for a perfect fit
        rss = Math.max(rss, 0.0);
        double df = n - p;
        double sigma2 = rss / df;
        double[] se = sqrt(factor.inverseDiagonal(), sigma2);
        double logLik = -0.5 * n * (Math.log(2 * Math.PI * rss / n) + 1);
        return RegressionResult.of(family, terms, beta, se, df, 1, true, rss, logLik, n, sigma2);
    }

    private LocalContribution checked(LocalContribution c) {
        if (c == null) {
            throw new IllegalStateException("no summed contribution was returned");
        }
        if (c.family() != family || c.parameters() != parameters()) {
            throw new IllegalArgumentException("summed contribution is " + c.family() + " with " + c.parameters()
                    + " parameters; this fit is " + family + " with " + parameters() + " (" + terms + ")");
        }
        if (c.rows() == 0) {
            throw new IllegalArgumentException("summed contribution holds no rows: no node had a usable row");
        }
        return c;
    }

    private static double[] sqrt(double[] inverseDiagonal, double scale) {
        double[] se = new double[inverseDiagonal.length];
        for (int i = 0; i < se.length; i++) {
            se[i] = Math.sqrt(scale * inverseDiagonal[i]);
        }
        return se;
    }
}
