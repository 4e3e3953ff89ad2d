package org.fedra.hub.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.Standardisation;
import org.fedra.protocol.training.TrainingSpec;

/**
 * The hub's model registry: every finished training job's model, with version (per name), configuration, per-round
 * metrics, the nodes that contributed, the consent snapshot time and the privacy spent.
 */
public final class ModelRegistry {
    private final DataSource db;
    private final Clock clock;

    public ModelRegistry(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Registers the model of a finished job as the next version of its name. */
    public RegisteredModel register(TrainingJob job, double[] parameters, List<String> nodes, Instant consentSnapshotAt,
                                    double epsilon, double delta) {
        String id = "model-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = clock.instant();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            int version;
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM models WHERE name = ?")) {
                s.setString(1, job.name());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    version = r.getInt(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO models (id, name, version, job_id, study_id, spec, config, parameters,"
                    + " standardisation, round_metrics, nodes, consent_snapshot_at, epsilon, delta, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                TrainingJobStore.bind(s, id, job.name(), version, job.id(), job.studyId(), job.spec().toJson().toString(),
                        TrainingJobStore.write(job.config().toMap()), TrainingJobStore.vector(parameters), standardisation(job.standardisation()),
                        rounds(job.rounds()).toString(), TrainingJobStore.write(nodes), Timestamp.from(consentSnapshotAt),
                        Double.isNaN(epsilon) ? null : epsilon, Double.isNaN(delta) ? null : delta, Timestamp.from(now));
                s.executeUpdate();
            }
            c.commit();
            return new RegisteredModel(id, job.name(), version, job.id(), job.studyId(), job.spec(), job.config(), parameters.clone(),
                    job.standardisation(), job.rounds(), nodes, consentSnapshotAt, epsilon, delta, now);
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (models): " + e.getMessage(), e);
        }
    }

    public Optional<RegisteredModel> find(String id) {
        return query("SELECT * FROM models WHERE id = ?", id).stream().findFirst();
    }

    /** The model a training job registered, if any. */
    public Optional<RegisteredModel> findByJob(String jobId) {
        return query("SELECT * FROM models WHERE job_id = ?", jobId).stream().findFirst();
    }

    /** All models, by name and version. */
    public List<RegisteredModel> list() {
        return query("SELECT * FROM models ORDER BY name, version");
    }

    private List<RegisteredModel> query(String sql, Object... args) {
        List<RegisteredModel> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            TrainingJobStore.bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    JsonNode std = TrainingJobStore.JSON.readTree(r.getString("standardisation"));
                    double eps = r.getDouble("epsilon");
                    boolean noEps = r.wasNull();
                    double delta = r.getDouble("delta");
                    boolean noDelta = r.wasNull();
                    out.add(new RegisteredModel(r.getString("id"), r.getString("name"), r.getInt("version"), r.getString("job_id"),
                            r.getString("study_id"), TrainingSpec.parse(TrainingJobStore.JSON.readTree(r.getString("spec")), "$.model"),
                            JobConfig.fromMap(TrainingJobStore.JSON.readValue(r.getString("config"), new TypeReference<Map<String, Object>>() {})),
                            TrainingJobStore.numbers(TrainingJobStore.JSON.readTree(r.getString("parameters"))),
                            new Standardisation(TrainingJobStore.numbers(std.get("means")), TrainingJobStore.numbers(std.get("scales"))),
                            rounds(TrainingJobStore.JSON.readTree(r.getString("round_metrics"))),
                            TrainingJobStore.JSON.readValue(r.getString("nodes"), new TypeReference<List<String>>() {}),
                            r.getTimestamp("consent_snapshot_at").toInstant(), noEps ? Double.NaN : eps, noDelta ? Double.NaN : delta,
                            r.getTimestamp("created_at").toInstant()));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("hub database (models): " + e.getMessage(), e);
        }
        return out;
    }

    private static String standardisation(Standardisation s) {
        ObjectNode o = TrainingJobStore.JSON.createObjectNode();
        o.set("means", TrainingJobStore.JSON.valueToTree(s.means()));
        o.set("scales", TrainingJobStore.JSON.valueToTree(s.scales()));
        return o.toString();
    }

    /** Per-round metrics as JSON (NaN written as null; {@code dropped} only when a planned node dropped out). */
    static ArrayNode rounds(List<RoundRecord> rounds) {
        ArrayNode a = TrainingJobStore.JSON.createArrayNode();
        for (RoundRecord r : rounds) {
            ObjectNode o = a.addObject().put("round", r.round());
            o.set("contributors", TrainingJobStore.JSON.valueToTree(r.contributors()));
            if (!r.dropped().isEmpty()) o.set("dropped", TrainingJobStore.JSON.valueToTree(r.dropped()));
            if (r.evaluatedN() == null) o.putNull("evaluatedN"); else o.put("evaluatedN", r.evaluatedN());
            number(o, "loss", r.loss());
            number(o, "accuracy", r.accuracy());
            number(o, "auc", r.auc());
            number(o, "epsilon", r.epsilon());
            number(o, "delta", r.delta());
            o.put("startedAt", r.startedAt().toString()).put("completedAt", r.completedAt().toString());
        }
        return a;
    }

    private static List<RoundRecord> rounds(JsonNode a) {
        List<RoundRecord> out = new ArrayList<>();
        for (JsonNode o : a) {
            List<String> contributors = new ArrayList<>();
            o.get("contributors").forEach(x -> contributors.add(x.asText()));
            Map<String, String> dropped = new java.util.LinkedHashMap<>();
            o.path("dropped").fields().forEachRemaining(e -> dropped.put(e.getKey(), e.getValue().asText()));
            out.add(new RoundRecord(o.get("round").asInt(), contributors, dropped,
                    o.get("evaluatedN").isNull() ? null : o.get("evaluatedN").asLong(), num(o, "loss"), num(o, "accuracy"), num(o, "auc"),
                    num(o, "epsilon"), num(o, "delta"), Instant.parse(o.get("startedAt").asText()), Instant.parse(o.get("completedAt").asText())));
        }
        return out;
    }

    static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) o.putNull(field); else o.put(field, v);
    }

    private static double num(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
