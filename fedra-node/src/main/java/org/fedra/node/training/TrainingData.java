package org.fedra.node.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.Dataset;
import org.fedra.node.analysis.PatientValues;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.protocol.training.TrainingSpec;

/**
 * A node's examples for a training job of the tabular family, read through the consent-filtered view only: complete
 * cases of the spec's features and outcome, the outcome made binary, split into training and held-out rows by
 * {@link HeldOutSplit}. Stays on the node.
 *
 * @param train rows to train on
 * @param test  rows held out for evaluation
 */
public record TrainingData(Dataset train, Dataset test) implements LocalExamples<Dataset> {

    /**
     * @throws IllegalArgumentException if the outcome has values other than 0 and 1 and no threshold was given
     */
    public static TrainingData read(ConsentFilteredView view, TrainingSpec spec, long jobSeed) {
        PatientValues values = PatientValues.read(view, spec.variables());
        HeldOutSplit split = new HeldOutSplit(jobSeed, spec.testFraction());
        int k = spec.features().size();
        List<double[]> trainX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>();
        List<double[]> testX = new ArrayList<>();
        List<Double> testY = new ArrayList<>();
        for (Map.Entry<String, double[]> e : values.byPatient().entrySet()) {
            double[] row = e.getValue();
            boolean complete = true;
            for (double v : row) {
                if (Double.isNaN(v)) {
                    complete = false;
                    break;
                }
            }
            if (!complete) continue;
            double[] x = java.util.Arrays.copyOf(row, k);
            double y = label(spec, row[k]);
            if (split.heldOut(e.getKey())) {
                testX.add(x);
                testY.add(y);
            } else {
                trainX.add(x);
                trainY.add(y);
            }
        }
        return new TrainingData(dataset(trainX, trainY), dataset(testX, testY));
    }

    private static double label(TrainingSpec spec, double value) {
        if (spec.outcomeAbove() != null) return value > spec.outcomeAbove() ? 1 : 0;
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("outcome " + spec.outcome().name()
                    + " has values other than 0 and 1; give outcomeAbove to make it binary");
        }
        return value;
    }

    private static Dataset dataset(List<double[]> x, List<Double> y) {
        return new Dataset(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
