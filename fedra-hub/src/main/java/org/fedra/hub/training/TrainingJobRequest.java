package org.fedra.hub.training;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.fedra.hub.study.StudyException;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.JobConfigException;
import org.fedra.learn.fl.ModelSpecException;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.training.TrainingSpec;

/**
 * A request to train a model for a study: {@code {"name":"heart-risk","model":{TrainingSpec},"config":{JobConfig}}}.
 * {@link #parse} refuses anything malformed or beyond the job limits with a 400 naming the field and the bound
 * ({@code $.model.features[2].code}, {@code $.model.family}, {@code config.localEpochs: must be from 1 to 100}, ...),
 * before any round starts.
 *
 * @param name   the registry name of the model (versions count up per name)
 * @param spec   features, outcome, model and split
 * @param config the job configuration
 */
public record TrainingJobRequest(String name, TrainingSpec spec, JobConfig config) {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    /** @throws StudyException 400 naming the field */
    @SuppressWarnings("unchecked")
    public static TrainingJobRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) throw new StudyException(FailureReason.BAD_INPUT, "the training request must be a JSON object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("name") && !f.equals("model") && !f.equals("config")) {
                throw new StudyException(FailureReason.BAD_INPUT, "$." + f + ": unknown field; known: config, model, name");
            }
        }
        String name = body.path("name").asText("model");
        if (body.has("name") && (!body.get("name").isTextual() || !name.matches("[A-Za-z0-9._\\-]{1,100}"))) {
            throw new StudyException(FailureReason.BAD_INPUT, "$.name: must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        TrainingSpec spec;
        try {
            spec = TrainingSpec.parse(body.get("model"), "$.model");
            TrainingJobs.architecture(spec); // the model family exists and accepts the model
        } catch (AnalysisSpecException | ModelSpecException e) {
            throw new StudyException(FailureReason.BAD_INPUT, e.getMessage());
        }
        JsonNode c = body.get("config");
        if (c != null && !c.isObject()) throw new StudyException(FailureReason.BAD_INPUT, "config: must be a JSON object");
        JobConfig config;
        try {
            config = JobConfig.fromMap(c == null ? Map.of() : JSON.convertValue(c, Map.class));
        } catch (JobConfigException e) {
            throw new StudyException(FailureReason.BAD_INPUT, "config." + e.getMessage());
        }
        return new TrainingJobRequest(name, spec, config);
    }
}
