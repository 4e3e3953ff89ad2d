package org.fedra.hub.training;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.ServerState;
import org.fedra.learn.fl.Standardisation;
import org.fedra.protocol.training.TrainingSpec;

/**
 * Training jobs and their rounds in the hub database. A round is stored together with the new server state in one
 * transaction that only succeeds when the job has completed exactly the rounds before it: a round run twice (a hub
 * that resumed while an old runner was still finishing) is never counted twice.
 */
final class TrainingJobStore {
    static final ObjectMapper JSON = JsonCodec.MAPPER;

    private final DataSource db;

    TrainingJobStore(DataSource db) {
        this.db = db;
    }

    void insert(TrainingJob job, Instant now) {
        update("INSERT INTO training_jobs (id, study_id, name, spec, config, nodes, excluded, status, rounds_done, server_state, created_at, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                job.id(), job.studyId(), job.name(), job.spec().toJson().toString(), write(job.config().toMap()), write(job.nodes()),
                write(job.excluded()), job.status(), job.state().round(), vector(job.state().toVector()), Timestamp.from(now), Timestamp.from(now));
    }

    void saveStandardisation(String jobId, Standardisation s, Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.set("means", JSON.valueToTree(s.means()));
        o.set("scales", JSON.valueToTree(s.scales()));
        update("UPDATE training_jobs SET standardisation = ?, updated_at = ? WHERE id = ? AND standardisation IS NULL", o.toString(),
                Timestamp.from(now), jobId);
    }

    /**
     * Stores a completed round and the state after it.
     *
     * @return false (nothing stored) if the job has already moved past {@code record.round() - 1} rounds
     */
    boolean completeRound(String jobId, RoundRecord r, ServerState after) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int changed;
                try (PreparedStatement s = c.prepareStatement("UPDATE training_jobs SET rounds_done = ?, server_state = ?, updated_at = ?"
                        + " WHERE id = ? AND rounds_done = ? AND status = 'running'")) {
                    bind(s, after.round(), vector(after.toVector()), Timestamp.from(r.completedAt()), jobId, r.round() - 1);
                    changed = s.executeUpdate();
                }
                if (changed != 1) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO training_rounds (job_id, round, contributors, dropped, evaluated_n,"
                        + " loss, accuracy, auc, epsilon, delta, started_at, completed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    bind(s, jobId, r.round(), write(r.contributors()), write(r.dropped()), r.evaluatedN(), nullable(r.loss()),
                            nullable(r.accuracy()), nullable(r.auc()), nullable(r.epsilon()), nullable(r.delta()),
                            Timestamp.from(r.startedAt()), Timestamp.from(r.completedAt()));
                    s.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (training rounds): " + e.getMessage(), e);
        }
    }

    void finish(String jobId, String status, String reason, String modelId, Instant now) {
        update("UPDATE training_jobs SET status = ?, stop_reason = ?, model_id = ?, updated_at = ? WHERE id = ? AND status = 'running'",
                status, reason.length() > 2000 ? reason.substring(0, 2000) : reason, modelId, Timestamp.from(now), jobId);
    }

    Optional<TrainingJob> find(String jobId) {
        List<TrainingJob> jobs = jobs("SELECT * FROM training_jobs WHERE id = ?", jobId);
        return jobs.stream().findFirst();
    }

    List<TrainingJob> running() {
        return jobs("SELECT * FROM training_jobs WHERE status = 'running' ORDER BY created_at");
    }

    List<TrainingJob> list() {
        return jobs("SELECT * FROM training_jobs ORDER BY created_at");
    }

    private List<TrainingJob> jobs(String sql, Object... args) {
        List<TrainingJob> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String id = r.getString("id");
                    String std = r.getString("standardisation");
                    Standardisation standardisation = null;
                    if (std != null) {
                        JsonNode n = JSON.readTree(std);
                        standardisation = new Standardisation(numbers(n.get("means")), numbers(n.get("scales")));
                    }
                    out.add(new TrainingJob(id, r.getString("study_id"), r.getString("name"),
                            TrainingSpec.parse(JSON.readTree(r.getString("spec")), "$.model"),
                            JobConfig.fromMap(JSON.readValue(r.getString("config"), new TypeReference<Map<String, Object>>() {})),
                            JSON.readValue(r.getString("nodes"), new TypeReference<List<String>>() {}),
                            JSON.readValue(r.getString("excluded"), new TypeReference<LinkedHashMap<String, String>>() {}),
                            r.getString("status"), ServerState.fromVector(numbers(JSON.readTree(r.getString("server_state")))), standardisation,
                            r.getString("stop_reason"), r.getString("model_id"), r.getTimestamp("created_at").toInstant(), rounds(c, id)));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("hub database (training jobs): " + e.getMessage(), e);
        }
        return out;
    }

    private static List<RoundRecord> rounds(Connection c, String jobId) throws SQLException, JsonProcessingException {
        List<RoundRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM training_rounds WHERE job_id = ? ORDER BY round")) {
            s.setString(1, jobId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long n = r.getLong("evaluated_n");
                    Long evaluated = r.wasNull() ? null : n;
                    out.add(new RoundRecord(r.getInt("round"), JSON.readValue(r.getString("contributors"), new TypeReference<List<String>>() {}),
                            JSON.readValue(r.getString("dropped"), new TypeReference<LinkedHashMap<String, String>>() {}), evaluated,
                            nan(r, "loss"), nan(r, "accuracy"), nan(r, "auc"), nan(r, "epsilon"), nan(r, "delta"),
                            r.getTimestamp("started_at").toInstant(), r.getTimestamp("completed_at").toInstant()));
                }
            }
        }
        return out;
    }

    private static double nan(ResultSet r, String column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? Double.NaN : v;
    }

    private static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static String vector(double[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (double x : v) a.add(x);
        return a.toString();
    }

    static double[] numbers(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (training jobs): " + e.getMessage(), e);
        }
    }

    static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                s.setNull(i + 1, Types.NULL);
            } else {
                s.setObject(i + 1, args[i]);
            }
        }
    }
}
