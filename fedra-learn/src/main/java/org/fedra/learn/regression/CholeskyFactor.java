package org.fedra.learn.regression;

import java.util.List;

/** Cholesky factor L (H = L L<sup>T</sup>) of a symmetric positive definite information matrix. */
final class CholeskyFactor {
    /** A pivot below this fraction of its original diagonal means the column is (numerically) collinear. */
    private static final double RELATIVE_PIVOT_TOLERANCE = 1e-10;

    private final double[][] lower;

    private CholeskyFactor(double[][] lower) {
        this.lower = lower;
    }

    static CholeskyFactor of(double[][] h, List<String> terms, RegressionFamily family) {
        int p = h.length;
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double d = h[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(h[j][j] > 0) || !(d > RELATIVE_PIVOT_TOLERANCE * h[j][j])) {
                String term = terms.get(j);
                String cause = family == RegressionFamily.LOGISTIC
                        ? "a constant column or one collinear with the terms before it, perfect (or quasi-complete)"
                          + " separation of the outcome by the predictors, or too few rows"
                        : "a constant column or one collinear with the terms before it, or too few rows";
                throw new SingularHessianException(term, "Hessian is singular or not positive definite at term '"
                        + term + "' (parameter " + j + " of " + p + "); likely cause: " + cause);
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < p; i++) {
                double s = h[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return new CholeskyFactor(l);
    }

    /** Solves H x = b. */
    double[] solve(double[] b) {
        int p = lower.length;
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= lower[i][k] * y[k];
            }
            y[i] = s / lower[i][i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < p; k++) {
                s -= lower[k][i] * x[k];
            }
            x[i] = s / lower[i][i];
        }
        return x;
    }

    /** Diagonal of H<sup>-1</sup>. */
    double[] inverseDiagonal() {
        int p = lower.length;
        double[] d = new double[p];
        for (int j = 0; j < p; j++) {
            double[] e = new double[p];
            e[j] = 1.0;
            d[j] = solve(e)[j];
        }
        return d;
    }
}
