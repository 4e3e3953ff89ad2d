package org.fedra.learn.regression;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one node computes from its own rows for one Newton step: sums over rows only, so that adding
 * the contributions of all nodes (for instance by secure aggregation) gives exactly the pooled sums.
 *
 * <p>The design matrix always has an intercept as its first column: callers pass the predictors only
 * and {@code p = predictors + 1} parameters are estimated, the intercept first.
 *
 * <ul>
 *   <li>{@link RegressionFamily#LOGISTIC}: {@code score} = X<sup>T</sup>(y - mu) (gradient of the
 *       log-likelihood), {@code information} = X<sup>T</sup>WX with W = diag(mu(1 - mu)),
 *       {@code scalar} = log-likelihood, all evaluated at the given coefficients.</li>
 *   <li>{@link RegressionFamily#LINEAR}: {@code score} = X<sup>T</sup>y, {@code information} =
 *       X<sup>T</sup>X, {@code scalar} = y<sup>T</sup>y; this is the Newton step taken from zero
 *       coefficients, which lands on the least-squares solution in one step.</li>
 * </ul>
 *
 * <p>The information matrix is symmetric and stored as its packed upper triangle, row by row:
 * element (i, j) with i &le; j sits at {@code i*p - i*(i-1)/2 + (j - i)}.
 */
public final class LocalContribution {
    private final RegressionFamily family;
    private final int parameters;
    private final double rows;
    private final double scalar;
    private final double[] score;
    private final double[] information;

    private LocalContribution(RegressionFamily family, int parameters, double rows, double scalar,
                              double[] score, double[] information) {
        this.family = family;
        this.parameters = parameters;
        this.rows = rows;
        this.scalar = scalar;
        this.score = score;
        this.information = information;
    }

    /**
     * Logistic contribution of a node's rows at the current coefficients.
     *
     * @param predictors   one row per patient, each with the same number k of predictor values (no intercept)
     * @param outcome      0 or 1 per row
     * @param coefficients current estimate, length k + 1, intercept first
     */
    public static LocalContribution logistic(double[][] predictors, double[] outcome, double[] coefficients) {
        Objects.requireNonNull(coefficients, "coefficients");
        int p = coefficients.length;
        if (p < 1) {
            throw new IllegalArgumentException("coefficients must hold at least the intercept");
        }
        requireFinite(coefficients, "coefficients");
        validate(predictors, outcome, p);
        double[] score = new double[p];
        double[] info = new double[packedSize(p)];
        double logLik = 0;
        double[] x = new double[p];
        for (int r = 0; r < predictors.length; r++) {
            double y = outcome[r];
            if (y != 0.0 && y != 1.0) {
                throw new IllegalArgumentException("row " + r + ": logistic outcome must be 0 or 1, was " + y);
            }
            designRow(predictors[r], x);
            double eta = dot(x, coefficients);
            double mu = 1.0 / (1.0 + Math.exp(-eta));
            // log(1 + e^eta) written so that it neither overflows nor loses digits
            double log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
            logLik += y * eta - log1pExp;
            double w = mu * (1.0 - mu);
            addRow(x, y - mu, w, score, info);
        }
        return new LocalContribution(RegressionFamily.LOGISTIC, p, predictors.length, logLik, score, info);
    }

    /**
     * Linear (Gaussian) contribution: X<sup>T</sup>X, X<sup>T</sup>y, y<sup>T</sup>y and n in one pass.
     *
     * @param predictors one row per patient, each with k predictor values (no intercept)
     * @param outcome    one finite value per row
     * @param predictorCount k, stated explicitly so that a node without rows still contributes the right shape
     */
    public static LocalContribution linear(double[][] predictors, double[] outcome, int predictorCount) {
        if (predictorCount < 0) {
            throw new IllegalArgumentException("predictorCount must be >= 0, was " + predictorCount);
        }
        int p = predictorCount + 1;
        validate(predictors, outcome, p);
        double[] score = new double[p];
        double[] info = new double[packedSize(p)];
        double yy = 0;
        double[] x = new double[p];
        for (int r = 0; r < predictors.length; r++) {
            designRow(predictors[r], x);
            yy += outcome[r] * outcome[r];
            addRow(x, outcome[r], 1.0, score, info);
        }
        return new LocalContribution(RegressionFamily.LINEAR, p, predictors.length, yy, score, info);
    }

    /** Sum of contributions of the same family and shape, as the hub (or secure aggregation) forms it. */
    public static LocalContribution sum(List<LocalContribution> contributions) {
        if (contributions == null || contributions.isEmpty()) {
            throw new IllegalArgumentException("no contributions to sum");
        }
        LocalContribution total = contributions.get(0);
        for (int i = 1; i < contributions.size(); i++) {
            total = total.plus(contributions.get(i));
        }
        return total;
    }

    /** Element-wise sum with another contribution of the same family and number of parameters. */
    public LocalContribution plus(LocalContribution other) {
        Objects.requireNonNull(other, "other");
        if (other.family != family || other.parameters != parameters) {
            throw new IllegalArgumentException("cannot add a " + other.family + " contribution with "
                    + other.parameters + " parameters to a " + family + " contribution with " + parameters);
        }
        double[] a = toVector();
        double[] b = other.toVector();
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return fromVector(family, parameters, a);
    }

    /** Length of {@link #toVector()} for p parameters: 2 + p + p(p+1)/2. */
    public static int vectorLength(int parameters) {
        return 2 + parameters + packedSize(parameters);
    }

    /**
     * Flat layout for transport and secure aggregation, where adding vectors equals adding contributions:
     * {@code [rows, scalar, score[0..p-1], information packed upper triangle (p(p+1)/2 values)]}.
     */
    public double[] toVector() {
        double[] v = new double[vectorLength(parameters)];
        v[0] = rows;
        v[1] = scalar;
        System.arraycopy(score, 0, v, 2, parameters);
        System.arraycopy(information, 0, v, 2 + parameters, information.length);
        return v;
    }

    /** Inverse of {@link #toVector()}; the family and number of parameters travel with the study, not the sums. */
    public static LocalContribution fromVector(RegressionFamily family, int parameters, double[] vector) {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(vector, "vector");
        if (parameters < 1) {
            throw new IllegalArgumentException("parameters must be >= 1, was " + parameters);
        }
        if (vector.length != vectorLength(parameters)) {
            throw new IllegalArgumentException("contribution vector has length " + vector.length + ", expected "
                    + vectorLength(parameters) + " for " + parameters + " parameters");
        }
        requireFinite(vector, "contribution vector");
        if (vector[0] < 0 || vector[0] != Math.rint(vector[0])) {
            throw new IllegalArgumentException("row count must be a non-negative whole number, was " + vector[0]);
        }
        return new LocalContribution(family, parameters, vector[0], vector[1],
                Arrays.copyOfRange(vector, 2, 2 + parameters),
                Arrays.copyOfRange(vector, 2 + parameters, vector.length));
    }

    public RegressionFamily family() { return family; }

    /** Number of estimated parameters p (predictors + intercept). */
    public int parameters() { return parameters; }

    /** Number of rows summed. */
    public long rows() { return (long) rows; }

    /** Log-likelihood (logistic) or y<sup>T</sup>y (linear). */
    public double scalar() { return scalar; }

    /** Gradient X<sup>T</sup>(y - mu) (logistic) or X<sup>T</sup>y (linear); a copy. */
    public double[] score() { return score.clone(); }

    /** Packed upper triangle of X<sup>T</sup>WX (logistic) or X<sup>T</sup>X (linear); a copy. */
    public double[] information() { return information.clone(); }

    /** The information matrix unpacked to a full symmetric p x p matrix. */
    public double[][] informationMatrix() {
        double[][] m = new double[parameters][parameters];
        for (int i = 0; i < parameters; i++) {
            for (int j = i; j < parameters; j++) {
                double v = information[packedIndex(parameters, i, j)];
                m[i][j] = v;
                m[j][i] = v;
            }
        }
        return m;
    }

    static int packedSize(int p) {
        return p * (p + 1) / 2;
    }

    static int packedIndex(int p, int i, int j) {
        return i * p - i * (i - 1) / 2 + (j - i);
    }

    private static void validate(double[][] predictors, double[] outcome, int p) {
        Objects.requireNonNull(predictors, "predictors");
        Objects.requireNonNull(outcome, "outcome");
        if (predictors.length != outcome.length) {
            throw new IllegalArgumentException("predictors have " + predictors.length + " rows but outcome has "
                    + outcome.length + " values");
        }
        int k = p - 1;
        for (int r = 0; r < predictors.length; r++) {
            double[] row = predictors[r];
            if (row == null) {
                throw new IllegalArgumentException("row " + r + " is null");
            }
            if (row.length != k) {
                throw new IllegalArgumentException("row " + r + " has " + row.length + " predictor values, expected "
                        + k + " (" + p + " coefficients including the intercept)");
            }
            for (int c = 0; c < k; c++) {
                if (!Double.isFinite(row[c])) {
                    throw new IllegalArgumentException("row " + r + ", predictor " + c + " is " + row[c]
                            + "; exclude or impute missing values before fitting");
                }
            }
            if (!Double.isFinite(outcome[r])) {
                throw new IllegalArgumentException("row " + r + ": outcome is " + outcome[r]);
            }
        }
    }

    private static void requireFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + values[i]);
            }
        }
    }

    private static void designRow(double[] predictors, double[] x) {
        x[0] = 1.0;
        System.arraycopy(predictors, 0, x, 1, predictors.length);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void addRow(double[] x, double residual, double weight, double[] score, double[] info) {
        int p = x.length;
        int idx = 0;
        for (int i = 0; i < p; i++) {
            score[i] += x[i] * residual;
            double wx = weight * x[i];
            for (int j = i; j < p; j++) {
                info[idx++] += wx * x[j];
            }
        }
    }
}
