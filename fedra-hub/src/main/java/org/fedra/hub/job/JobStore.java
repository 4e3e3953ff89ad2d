package org.fedra.hub.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;

/** Analysis jobs in the hub database; every change of state is checked against {@link JobState#next()}. */
final class JobStore {
    private final DataSource db;

    JobStore(DataSource db) {
        this.db = db;
    }

    void insert(Job j) {
        update("INSERT INTO analysis_jobs (id, study_id, analysis, state, request, requested_by, created_at, progress_done, progress_total)"
                + " VALUES (?,?,?,?,?,?,?,0,0)", j.id(), j.studyId(), j.analysis(), j.state().code(), j.request().toString(), j.requestedBy(),
                Timestamp.from(j.createdAt()));
    }

    Optional<Job> find(String id) {
        List<Job> l = query("SELECT * FROM analysis_jobs WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Jobs newest first, of one study or (null) of all. */
    List<Job> list(String studyId) {
        return studyId == null ? query("SELECT * FROM analysis_jobs ORDER BY created_at DESC, id")
                : query("SELECT * FROM analysis_jobs WHERE study_id = ? ORDER BY created_at DESC, id", studyId);
    }

    List<Job> inState(JobState state) {
        return query("SELECT * FROM analysis_jobs WHERE state = ? ORDER BY created_at, id", state.code());
    }

    synchronized void start(String id, Instant at) {
        transition(id, JobState.RUNNING);
        update("UPDATE analysis_jobs SET state = ?, started_at = ? WHERE id = ?", JobState.RUNNING.code(), Timestamp.from(at), id);
    }

    void progress(String id, long done, long total, String message) {
        update("UPDATE analysis_jobs SET progress_done = ?, progress_total = ?, progress_message = ? WHERE id = ?", done, total,
                truncate(message, 500), id);
    }

    void handle(String id, JsonNode handle) {
        update("UPDATE analysis_jobs SET handle = ? WHERE id = ?", handle.toString(), id);
    }

    synchronized void succeed(String id, JsonNode result, long releaseSequence, Instant at) {
        transition(id, JobState.SUCCEEDED);
        update("UPDATE analysis_jobs SET state = ?, finished_at = ?, result = ?, release_sequence = ? WHERE id = ?", JobState.SUCCEEDED.code(),
                Timestamp.from(at), result.toString(), releaseSequence < 0 ? null : releaseSequence, id);
    }

    synchronized void end(String id, JobState state, FailureReason reason, String message, Instant at) {
        transition(id, state);
        update("UPDATE analysis_jobs SET state = ?, finished_at = ?, failure_reason = ?, failure_message = ? WHERE id = ?", state.code(),
                Timestamp.from(at), reason.name(), truncate(message, 2000), id);
    }

    private void transition(String id, JobState to) {
        Job j = find(id).orElseThrow(() -> new IllegalStateException("no job " + id));
        j.state().to(to);
    }

    private List<Job> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            List<Job> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long sequence = r.getLong("release_sequence");
                    Long release = r.wasNull() ? null : sequence;
                    String reason = r.getString("failure_reason");
                    out.add(new Job(r.getString("id"), r.getString("study_id"), r.getString("analysis"), JobState.ofCode(r.getString("state")),
                            json(r.getString("request")), r.getString("requested_by"), instant(r, "created_at"), instant(r, "started_at"),
                            instant(r, "finished_at"), r.getLong("progress_done"), r.getLong("progress_total"), r.getString("progress_message"),
                            json(r.getString("result")), release, reason == null ? null : FailureReason.valueOf(reason),
                            r.getString("failure_message"), json(r.getString("handle"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (jobs): " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (jobs): " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static JsonNode json(String text) {
        return text == null ? null : JsonCodec.tree(text);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
