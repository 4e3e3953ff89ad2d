package org.fedra.hub.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.ModelArchitecture;
import org.fedra.protocol.training.TensorCodec;
import org.fedra.protocol.training.TrainingSpec;

/**
 * The JSON forms of jobs and models the hub API returns. Lists of nodes left out ({@code excludedNodes} of a job, the
 * {@code dropped} nodes of a round) appear only when some node was left out: their absence means none was.
 */
public final class TrainingJson {
    private TrainingJson() {}

    /** A job's status: rounds done, per-round metrics and epsilon, state. */
    public static ObjectNode job(TrainingJob j) {
        ObjectNode o = TrainingJobStore.JSON.createObjectNode().put("jobId", j.id()).put("studyId", j.studyId()).put("name", j.name())
                .put("status", j.status()).put("round", j.roundsDone()).put("rounds", j.config().rounds());
        o.set("nodes", TrainingJobStore.JSON.valueToTree(j.nodes()));
        if (!j.excluded().isEmpty()) o.set("excludedNodes", TrainingJobStore.JSON.valueToTree(j.excluded()));
        ModelRegistry.number(o, "epsilon", j.rounds().isEmpty() ? Double.NaN : j.rounds().get(j.rounds().size() - 1).epsilon());
        if (j.stopReason() != null) o.put("stopReason", j.stopReason());
        if (j.modelId() != null) o.put("modelId", j.modelId());
        o.put("createdAt", j.createdAt().toString());
        o.set("metrics", ModelRegistry.rounds(j.rounds()));
        return o;
    }

    /** A model's registry entry without its parameters. */
    public static ObjectNode summary(RegisteredModel m) {
        ObjectNode o = TrainingJobStore.JSON.createObjectNode().put("id", m.id()).put("name", m.name()).put("version", m.version())
                .put("jobId", m.jobId()).put("studyId", m.studyId()).put("family", m.spec().family())
                .put("kind", m.spec().hidden().length == 0 ? "logistic" : "mlp")
                .put("rounds", m.rounds().size());
        if (!m.rounds().isEmpty()) {
            RoundRecord last = m.rounds().get(m.rounds().size() - 1);
            ModelRegistry.number(o, "auc", last.auc());
            ModelRegistry.number(o, "loss", last.loss());
            ModelRegistry.number(o, "accuracy", last.accuracy());
        }
        ModelRegistry.number(o, "epsilon", m.epsilon());
        ModelRegistry.number(o, "delta", m.delta());
        o.set("nodes", TrainingJobStore.JSON.valueToTree(m.nodes()));
        o.put("consentSnapshotAt", m.consentSnapshotAt().toString()).put("createdAt", m.createdAt().toString());
        return o;
    }

    /** A model's entry with configuration and per-round metrics. */
    public static ObjectNode detail(RegisteredModel m) {
        ObjectNode o = summary(m);
        o.set("model", m.spec().toJson());
        o.set("config", TrainingJobStore.JSON.valueToTree(m.config().toMap()));
        o.set("metrics", ModelRegistry.rounds(m.rounds()));
        return o;
    }

    /** Everything needed to use the model elsewhere: detail plus standardisation and parameters. */
    public static ObjectNode export(RegisteredModel m) {
        ObjectNode o = detail(m);
        o.put("format", "fedra-model/1");
        ObjectNode s = o.putObject("standardisation");
        s.set("means", TrainingJobStore.JSON.valueToTree(m.standardisation().means()));
        s.set("scales", TrainingJobStore.JSON.valueToTree(m.standardisation().scales()));
        ArrayNode p = o.putArray("parameters");
        for (double v : m.parameters()) p.add(v);
        o.put("layout", "per layer: weights row-major (one row per output unit), then biases; features standardised first;"
                + " bins of the evaluation histograms: " + TrainingSpec.EVALUATION_BINS);
        return o;
    }

    /**
     * The model as a safetensors file (see {@link TensorCodec}): one float64 tensor per parameter tensor of the family's
     * layout ({@code layer1.weight}, {@code layer1.bias}, ...), the standardisation as {@code standardisation.means} and
     * {@code standardisation.scales}, and in the metadata the format, id, name, version, family and the model's JSON.
     */
    public static byte[] safetensors(RegisteredModel m) {
        ModelArchitecture model = TrainingJobs.architecture(m.spec());
        List<TensorCodec.Tensor> tensors = new ArrayList<>(TensorCodec.split(m.parameters(), model.layout().names(), model.layout().shapes()));
        double[] means = m.standardisation().means();
        tensors.add(new TensorCodec.Tensor("standardisation.means", new int[] {means.length}, means));
        double[] scales = m.standardisation().scales();
        tensors.add(new TensorCodec.Tensor("standardisation.scales", new int[] {scales.length}, scales));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "fedra-model/1");
        metadata.put("id", m.id());
        metadata.put("name", m.name());
        metadata.put("version", Integer.toString(m.version()));
        metadata.put("family", m.spec().family());
        metadata.put("model", m.spec().toJson().toString());
        return TensorCodec.encode(tensors, metadata, TensorCodec.DType.F64);
    }
}
