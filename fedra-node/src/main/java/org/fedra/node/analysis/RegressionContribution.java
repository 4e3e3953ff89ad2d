package org.fedra.node.analysis;

import java.util.ArrayList;
import java.util.List;
import org.fedra.learn.regression.LocalContribution;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.Variable;

/**
 * A node's input to one Newton step of a federated regression: the {@link LocalContribution} of its complete-case
 * rows at the given coefficients, as a vector. A node without any complete row contributes zeros (it takes part
 * and its share of the sum is empty); a node with fewer complete rows than the minimum cell size declines, since
 * its sums could describe a handful of patients.
 */
public final class RegressionContribution {
    private RegressionContribution() {}

    /** The variables a spec reads: predictors in order, then the outcome. */
    public static List<Variable> variables(RegressionSpec spec) {
        List<Variable> vars = new ArrayList<>(spec.predictors());
        vars.add(spec.outcome());
        return vars;
    }

    /**
     * @param rows         {@link PatientValues} read with {@link #variables}
     * @param coefficients current estimate, intercept first
     * @param minimumRows  the node's minimum cell size
     * @throws ContributionDeclinedException if 0 &lt; complete rows &lt; minimumRows
     * @throws IllegalArgumentException      if a logistic outcome is neither 0 nor 1 and no threshold was given
     */
    public static LocalContribution of(RegressionSpec spec, List<double[]> rows, double[] coefficients, int minimumRows) {
        int k = spec.predictors().size();
        if (coefficients.length != k + 1) {
            throw new IllegalArgumentException("the request carries " + coefficients.length + " coefficients, the model has "
                    + (k + 1) + " (intercept and " + k + " predictors)");
        }
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double[] row : rows) {
            boolean complete = true;
            for (double v : row) {
                if (Double.isNaN(v)) {
                    complete = false;
                    break;
                }
            }
            if (!complete) continue;
            double[] predictors = new double[k];
            System.arraycopy(row, 0, predictors, 0, k);
            x.add(predictors);
            y.add(outcome(spec, row[k]));
        }
        if (!x.isEmpty() && x.size() < minimumRows) {
            throw new ContributionDeclinedException("fewer complete-case rows than this node's minimum cell size of "
                    + minimumRows + "; it declines to contribute");
        }
        double[][] xs = x.toArray(double[][]::new);
        double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
        return spec.logistic() ? LocalContribution.logistic(xs, ys, coefficients) : LocalContribution.linear(xs, ys, k);
    }

    private static double outcome(RegressionSpec spec, double value) {
        if (!spec.logistic()) return value;
        if (spec.outcomeAbove() != null) return value > spec.outcomeAbove() ? 1 : 0;
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("logistic outcome " + spec.outcome().name()
                    + " has values other than 0 and 1; give outcomeAbove to dichotomise it");
        }
        return value;
    }
}
