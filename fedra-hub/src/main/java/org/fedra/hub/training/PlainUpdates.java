package org.fedra.hub.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.protocol.training.PlainUpdate;
import org.fedra.protocol.training.TrainingStep;

/**
 * Collects one round's update vectors node by node, for jobs without secure aggregation: one
 * {@value PlainUpdate#TASK_TYPE} task per sampled node. A node that fails, times out or sends a vector of the wrong
 * length is left out of the round with the reason.
 */
final class PlainUpdates {
    /**
     * @param vectors  each contributing node's own vector
     * @param excluded nodes asked but left out, with the reason
     */
    record Result(Map<String, double[]> vectors, Map<String, String> excluded) {}

    private final Function<TaskRequest, CompletableFuture<List<TaskOutcome>>> tasks;
    private final Duration deadline;
    private final UpdateOutlierListener outliers;

    /** @param tasks sends a task and completes with every node's outcome */
    PlainUpdates(Function<TaskRequest, CompletableFuture<List<TaskOutcome>>> tasks, Duration deadline) {
        this(tasks, deadline, (study, node, why) -> { });
    }

    /** @param outliers told of each update left out of the round as an outlier ({@link UpdateOutliers}) */
    PlainUpdates(Function<TaskRequest, CompletableFuture<List<TaskOutcome>>> tasks, Duration deadline, UpdateOutlierListener outliers) {
        this.tasks = tasks;
        this.deadline = deadline;
        this.outliers = outliers;
    }

    /**
     * @param length       the update vector's length (parameters + 1)
     * @param encoding     how the step's parameters travel
     * @param tensorNames  the model's parameter tensors, in order
     * @param tensorShapes their shapes
     */
    Result collect(String studyId, List<String> nodes, TrainingStep step, int length, TrainingStep.ParameterEncoding encoding,
                   List<String> tensorNames, List<int[]> tensorShapes) {
        byte[] payload = new PlainUpdate(studyId, step).toBytes(encoding, tensorNames, tensorShapes);
        String jobId = "train-update-" + step.jobId() + "-r" + step.round();
        List<CompletableFuture<List<TaskOutcome>>> futures = new ArrayList<>();
        for (String node : nodes) {
            futures.add(tasks.apply(new TaskRequest(jobId, PlainUpdate.TASK_TYPE, payload, List.of(node), deadline)));
        }
        Map<String, double[]> vectors = new TreeMap<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (CompletableFuture<List<TaskOutcome>> f : futures) {
            for (TaskOutcome o : f.join()) {
                if (!o.ok()) {
                    excluded.put(o.nodeId(), o.error());
                    continue;
                }
                try {
                    double[] v = PlainUpdate.vector(o.result());
                    if (v.length != length) {
                        excluded.put(o.nodeId(), "sent an update of " + v.length + " values, the round expects " + length);
                    } else {
                        vectors.put(o.nodeId(), v);
                    }
                } catch (IllegalArgumentException e) {
                    excluded.put(o.nodeId(), e.getMessage());
                }
            }
        }
        // robust rules: an outlier in norm or direction is left out of the round (it would poison the model) and reported
        UpdateOutliers.find(vectors).forEach((node, why) -> {
            vectors.remove(node);
            excluded.put(node, "outlier update: " + why);
            outliers.outlier(studyId, node, "round " + step.round() + " of training job " + step.jobId() + ": " + why);
        });
        return new Result(vectors, excluded);
    }
}
