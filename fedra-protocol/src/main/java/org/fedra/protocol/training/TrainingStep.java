package org.fedra.protocol.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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
 * The global parameters travel as tensors of the model's layout ({@link #toWire}, {@link TensorCodec}) beside the
 * step's JSON; {@link #toJson()} writes them as JSON numbers instead, which nodes still read.
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

    /** How the global parameters travel. */
    public enum ParameterEncoding {
        /** As tensors of the model's layout, in the payload's binary attachment: 8 bytes a value. */
        TENSORS,
        /** As JSON numbers inside the step (about 20 bytes a value); kept for comparison and for older hubs. */
        JSON_NUMBERS
    }

    /**
     * A step as it travels.
     *
     * @param json    the step's JSON, with or without its parameters
     * @param tensors the parameters as a {@link TensorCodec} file, empty when they are in the JSON or there are none
     */
    public record Wire(ObjectNode json, byte[] tensors) {}

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

    /** The step with its parameters as JSON numbers (see {@link #toWire}). */
    public ObjectNode toJson() {
        return toJson(true);
    }

    /**
     * The step as it travels.
     *
     * @param tensorNames  the names of the model's parameter tensors, in order (used with {@code TENSORS})
     * @param tensorShapes their shapes
     */
    public Wire toWire(ParameterEncoding encoding, List<String> tensorNames, List<int[]> tensorShapes) {
        if (encoding == ParameterEncoding.JSON_NUMBERS || parameters.length == 0) {
            return new Wire(toJson(true), new byte[0]);
        }
        return new Wire(toJson(false), TensorCodec.encode(TensorCodec.split(parameters, tensorNames, tensorShapes)));
    }

    private ObjectNode toJson(boolean withParameters) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("kind", KIND).put("phase", phase).put("jobId", jobId);
        o.set("spec", spec.toJson());
        o.put("jobSeed", jobSeed).put("round", round);
        if (withParameters) o.set("parameters", array(parameters));
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

    /** Reads a step the hub sent with its parameters as JSON numbers. */
    public static TrainingStep fromJson(JsonNode n) {
        return fromWire(n, new byte[0]);
    }

    /**
     * Reads a step the hub sent, its parameters from the attached tensors if there are any, else from the JSON.
     *
     * @throws IllegalArgumentException if the step or the tensors are malformed, or the parameters come both ways
     */
    public static TrainingStep fromWire(JsonNode n, byte[] tensors) {
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
                n.path("jobSeed").asLong(), n.path("round").asInt(), parameters(n, tensors), numbers(n.get("means")),
                numbers(n.get("scales")), local, seeds, n.path("clipNorm").asDouble(), n.path("noiseStd").asDouble());
    }

    private static double[] parameters(JsonNode n, byte[] tensors) {
        if (tensors == null || tensors.length == 0) return numbers(n.get("parameters"));
        if (n.has("parameters")) throw new IllegalArgumentException("a training step carries its parameters either as tensors or as JSON, not both");
        return TensorCodec.decode(tensors).flat();
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
