package org.fedra.protocol.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * One secure sum of a training job, as the {@code computation} of a {@link org.fedra.protocol.analysis.SecureSumStart}
 * of analysis {@code training}. Every node of the sum receives the same step and computes its own vector from its
 * consent-filtered view:
 * <ul>
 *   <li>{@code standardisation}: the summands of the pooled feature means and variances over its training rows;</li>
 *   <li>{@code update}: its local update of {@code parameters} (the seed for its shuffling is its entry of
 *       {@code seeds}, derived by the hub from (job seed, round, node)); clipped to {@code clipNorm} and noised with
 *       {@code noiseStd} under DP-FedAvg;</li>
 *   <li>{@code evaluation}: the evaluation sums of the model {@code parameters} on its held-out rows.</li>
 * </ul>
 *
 * @param phase        standardisation, update or evaluation
 * @param jobId        the training job
 * @param spec         features, outcome, model and split
 * @param jobSeed      the job's seed (keys the train/test split)
 * @param round        the round (0-based)
 * @param parameters   the global model (update, evaluation)
 * @param means        standardisation means (update, evaluation)
 * @param scales       standardisation scales (update, evaluation)
 * @param local        local training settings (update)
 * @param seeds        node id to its shuffling seed this round (update)
 * @param clipNorm     DP clipping bound, 0 without DP
 * @param noiseStd     distributed DP noise a node adds, 0 otherwise
 */
public record TrainingStep(String phase, String jobId, TrainingSpec spec, long jobSeed, int round, double[] parameters,
                           double[] means, double[] scales, LocalSettings local, Map<String, Long> seeds, double clipNorm,
                           double noiseStd) {
    public static final String KIND = "training";
    public static final String STANDARDISATION = "standardisation";
    public static final String UPDATE = "update";
    public static final String EVALUATION = "evaluation";

    /** Local SGD settings of an update step. */
    public record LocalSettings(int localEpochs, int batchSize, double learningRate, double mu) {}

    public TrainingStep {
        seeds = seeds == null ? Map.of() : Map.copyOf(seeds);
        parameters = parameters == null ? new double[0] : parameters;
        means = means == null ? new double[0] : means;
        scales = scales == null ? new double[0] : scales;
    }

    public static TrainingStep standardisation(String jobId, TrainingSpec spec, long jobSeed) {
        return new TrainingStep(STANDARDISATION, jobId, spec, jobSeed, 0, null, null, null, null, null, 0, 0);
    }

    public static TrainingStep evaluation(String jobId, TrainingSpec spec, long jobSeed, int round, double[] parameters,
                                          double[] means, double[] scales) {
        return new TrainingStep(EVALUATION, jobId, spec, jobSeed, round, parameters, means, scales, null, null, 0, 0);
    }

    /** The computation JSON for the secure sum. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("kind", KIND).put("phase", phase).put("jobId", jobId);
        o.set("spec", spec.toJson());
        o.put("jobSeed", jobSeed).put("round", round);
        o.set("parameters", array(parameters));
        o.set("means", array(means));
        o.set("scales", array(scales));
        if (local != null) {
            o.putObject("local").put("localEpochs", local.localEpochs()).put("batchSize", local.batchSize())
                    .put("learningRate", local.learningRate()).put("mu", local.mu());
        }
        ObjectNode s = o.putObject("seeds");
        new TreeMap<>(seeds).forEach(s::put);
        o.put("clipNorm", clipNorm).put("noiseStd", noiseStd);
        return o;
    }

    /** Reads a step the hub sent. */
    public static TrainingStep fromJson(JsonNode n) {
        if (n == null || !KIND.equals(n.path("kind").asText())) {
            throw new IllegalArgumentException("not a training step");
        }
        String phase = n.path("phase").asText();
        if (!phase.equals(STANDARDISATION) && !phase.equals(UPDATE) && !phase.equals(EVALUATION)) {
            throw new IllegalArgumentException("unknown training phase \"" + phase + "\"");
        }
        LocalSettings local = null;
        if (n.has("local")) {
            JsonNode l = n.get("local");
            local = new LocalSettings(l.path("localEpochs").asInt(), l.path("batchSize").asInt(), l.path("learningRate").asDouble(),
                    l.path("mu").asDouble());
        }
        Map<String, Long> seeds = new TreeMap<>();
        n.path("seeds").fields().forEachRemaining(e -> seeds.put(e.getKey(), e.getValue().asLong()));
        return new TrainingStep(phase, n.path("jobId").asText(), TrainingSpec.parse(n.get("spec"), "$.computation.spec"),
                n.path("jobSeed").asLong(), n.path("round").asInt(), numbers(n.get("parameters")), numbers(n.get("means")),
                numbers(n.get("scales")), local, seeds, n.path("clipNorm").asDouble(), n.path("noiseStd").asDouble());
    }

    private static ArrayNode array(double[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (double v : values) a.add(v);
        return a;
    }

    private static double[] numbers(JsonNode a) {
        if (a == null || !a.isArray()) return new double[0];
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }
}
