package org.fedra.hub.analysis;

/**
 * A single-process reference fit on pooled rows, written independently of FederatedNewton: classic IRLS with a
 * working response and Gauss-Jordan inversion with partial pivoting; standard errors from the information at the
 * final coefficients.
 */
final class PooledIrls {
    record Fit(double[] coefficients, double[] standardErrors) {}

    private PooledIrls() {}

    static Fit logistic(double[][] x, double[] y) {
        int p = x[0].length + 1;
        double[] beta = new double[p];
        for (int iter = 1; iter <= 100; iter++) {
            double[][] a = new double[p][p];
            double[] b = new double[p];
            for (int r = 0; r < x.length; r++) {
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
            double[][] inverse = invert(a);
            double[] next = new double[p];
            for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) next[i] += inverse[i][j] * b[j];
            double change = 0;
            for (int j = 0; j < p; j++) change = Math.max(change, Math.abs(next[j] - beta[j]));
            beta = next;
            if (change < 1e-13) {
                double[][] info = new double[p][p];
                for (double[] predictors : x) {
                    double[] row = withIntercept(predictors);
                    double eta = 0;
                    for (int j = 0; j < p; j++) eta += row[j] * beta[j];
                    double mu = 1 / (1 + Math.exp(-eta));
                    for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) info[i][j] += row[i] * mu * (1 - mu) * row[j];
                }
                double[][] inv = invert(info);
                double[] se = new double[p];
                for (int i = 0; i < p; i++) se[i] = Math.sqrt(inv[i][i]);
                return new Fit(beta, se);
            }
        }
        throw new AssertionError("pooled IRLS did not converge");
    }

    private static double[] withIntercept(double[] predictors) {
        double[] row = new double[predictors.length + 1];
        row[0] = 1;
        System.arraycopy(predictors, 0, row, 1, predictors.length);
        return row;
    }

    private static double[][] invert(double[][] matrix) {
        int p = matrix.length;
        double[][] a = new double[p][2 * p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, p);
            a[i][p + i] = 1;
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
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
