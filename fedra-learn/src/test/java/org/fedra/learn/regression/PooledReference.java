package org.fedra.learn.regression;

/**
 * Single-process reference fits on pooled rows, written independently of FederatedNewton: classic IRLS
 * with a working response and Gauss-Jordan elimination with partial pivoting.
 */
final class PooledReference {
    record Fit(double[] coefficients, double[] standardErrors, int iterations) {
    }

    private PooledReference() {
    }

    static Fit logisticIrls(double[][] x, double[] y) {
        int n = x.length;
        int p = x[0].length + 1;
        double[] beta = new double[p];
        double[][] inverse = null;
        for (int iter = 1; iter <= 100; iter++) {
            double[][] a = new double[p][p];
            double[] b = new double[p];
            for (int r = 0; r < n; r++) {
                double[] row = withIntercept(x[r]);
                double eta = 0;
                for (int j = 0; j < p; j++) eta += row[j] * beta[j];
                double mu = 1 / (1 + Math.exp(-eta));
                double w = mu * (1 - mu);
                double z = eta + (y[r] - mu) / w;
                for (int i = 0; i < p; i++) {
                    b[i] += row[i] * w * z;
                    for (int j = 0; j < p; j++) a[i][j] += row[i] * w * row[j];
                }
            }
            inverse = invert(a);
            double[] next = multiply(inverse, b);
            double change = 0;
            for (int j = 0; j < p; j++) change = Math.max(change, Math.abs(next[j] - beta[j]));
            beta = next;
            if (change < 1e-13) {
                // standard errors at the final coefficients
                inverse = invert(information(x, beta));
                return new Fit(beta, sqrtDiagonal(inverse, 1.0), iter);
            }
        }
        throw new AssertionError("pooled IRLS did not converge");
    }

    static Fit linearNormalEquations(double[][] x, double[] y) {
        int n = x.length;
        int p = x[0].length + 1;
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        for (int r = 0; r < n; r++) {
            double[] row = withIntercept(x[r]);
            for (int i = 0; i < p; i++) {
                xty[i] += row[i] * y[r];
                for (int j = 0; j < p; j++) xtx[i][j] += row[i] * row[j];
            }
        }
        double[][] inverse = invert(xtx);
        double[] beta = multiply(inverse, xty);
        double rss = 0;
        for (int r = 0; r < n; r++) {
            double[] row = withIntercept(x[r]);
            double fitted = 0;
            for (int j = 0; j < p; j++) fitted += row[j] * beta[j];
            rss += (y[r] - fitted) * (y[r] - fitted);
        }
        return new Fit(beta, sqrtDiagonal(inverse, rss / (n - p)), 1);
    }

    private static double[][] information(double[][] x, double[] beta) {
        int p = beta.length;
        double[][] a = new double[p][p];
        for (double[] predictors : x) {
            double[] row = withIntercept(predictors);
            double eta = 0;
            for (int j = 0; j < p; j++) eta += row[j] * beta[j];
            double mu = 1 / (1 + Math.exp(-eta));
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) a[i][j] += row[i] * mu * (1 - mu) * row[j];
            }
        }
        return a;
    }

    private static double[] withIntercept(double[] predictors) {
        double[] row = new double[predictors.length + 1];
        row[0] = 1;
        System.arraycopy(predictors, 0, row, 1, predictors.length);
        return row;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) out[i] += m[i][j] * v[j];
        }
        return out;
    }

    private static double[] sqrtDiagonal(double[][] m, double scale) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) out[i] = Math.sqrt(scale * m[i][i]);
        return out;
    }

    /** Gauss-Jordan inversion with partial pivoting. */
    private static double[][] invert(double[][] matrix) {
        int p = matrix.length;
        double[][] a = new double[p][2 * p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, p);
            a[i][p + i] = 1;
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double d = a[col][col];
            for (int j = 0; j < 2 * p; j++) a[col][j] /= d;
            for (int r = 0; r < p; r++) {
                if (r == col) continue;
                double f = a[r][col];
                for (int j = 0; j < 2 * p; j++) a[r][j] -= f * a[col][j];
            }
        }
        double[][] inv = new double[p][p];
        for (int i = 0; i < p; i++) System.arraycopy(a[i], p, inv[i], 0, p);
        return inv;
    }
}
