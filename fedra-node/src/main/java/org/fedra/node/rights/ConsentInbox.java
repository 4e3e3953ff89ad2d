package org.fedra.node.rights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;
import org.fedra.protocol.study.Purpose;

/**
 * Patients' consent inboxes: requests from studies whose feasibility query found them matching but not usable
 * without consent ("would need consent"). At most one request per patient and study, however often the study asks.
 * Accepting records a permit Consent for the study's purpose and organisation through {@link PatientRightsService},
 * so the patient is usable for that study's next task; declining records a Consent denying exactly that purpose and
 * organisation, so the patient is not asked again.
 */
public final class ConsentInbox {
    private final DataSource dataSource;
    private final PatientRightsService rights;
    private final Clock clock;

    public ConsentInbox(DataSource dataSource, PatientRightsService rights, Clock clock) {
        this.dataSource = dataSource;
        this.rights = rights;
        this.clock = clock;
    }

    /**
     * Puts a pending request into the inbox of every patient who has none for this study yet.
     *
     * @return how many requests were new
     */
    public int request(String studyId, Purpose purpose, String organisation, Collection<String> patientIds) {
        if (patientIds.isEmpty()) return 0;
        Timestamp now = Timestamp.from(clock.instant());
        int created = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM consent_requests WHERE patient_id = ? AND study_id = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO consent_requests (id, patient_id, study_id, purpose, organisation,"
                         + " status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (String p : patientIds) {
                    exists.setString(1, p);
                    exists.setString(2, studyId);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) continue;
                    }
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, p);
                    insert.setString(3, studyId);
                    insert.setString(4, purpose.toString());
                    insert.setString(5, organisation);
                    insert.setString(6, ConsentRequest.PENDING);
                    insert.setTimestamp(7, now);
                    insert.addBatch();
                    created++;
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("recording consent requests of study " + studyId + " failed", e);
        }
        return created;
    }

    /** A study's requests still awaiting the patients' answers, oldest first (the steward's overview, e.g. for reminders). */
    public List<ConsentRequest> pendingOf(String studyId) {
        return query("WHERE study_id = ? AND status = ? ORDER BY created_at, id", studyId, ConsentRequest.PENDING);
    }

    /** The patient's requests, oldest first. */
    public List<ConsentRequest> of(String patientId) {
        return query("WHERE patient_id = ? ORDER BY created_at, id", patientId);
    }

    /**
     * The patient accepts: a permit Consent for the request's purpose and organisation is recorded.
     *
     * @throws UnknownConsentRequestException  the patient has no such request
     * @throws ConsentRequestDecidedException the request was already decided
     */
    public ConsentRequest accept(String patientId, String requestId) {
        ConsentRequest r = decide(patientId, requestId, ConsentRequest.ACCEPTED);
        try {
            rights.grant(patientId, r.purpose(), r.organisation());
        } catch (RuntimeException e) {
            reopen(requestId); // no Consent was written: the request is still the patient's to decide
            throw e;
        }
        return find(patientId, requestId).orElseThrow();
    }

    /**
     * The patient declines: a Consent denying the request's purpose and organisation is recorded.
     *
     * @throws UnknownConsentRequestException  the patient has no such request
     * @throws ConsentRequestDecidedException the request was already decided
     */
    public ConsentRequest decline(String patientId, String requestId) {
        ConsentRequest r = decide(patientId, requestId, ConsentRequest.DECLINED);
        try {
            rights.withdraw(patientId, r.purpose(), r.organisation());
        } catch (RuntimeException e) {
            reopen(requestId);
            throw e;
        }
        return find(patientId, requestId).orElseThrow();
    }

    /** Marks a pending request decided; the conditional update makes two concurrent decisions impossible. */
    private ConsentRequest decide(String patientId, String requestId, String status) {
        ConsentRequest r = find(patientId, requestId).orElseThrow(() ->
                new UnknownConsentRequestException("no consent request " + requestId + " in this patient's inbox"));
        if (r.pending() && update("UPDATE consent_requests SET status = ?, decided_at = ? WHERE id = ? AND status = ?",
                status, Timestamp.from(clock.instant()), requestId, ConsentRequest.PENDING) == 1) {
            return r;
        }
        ConsentRequest now = find(patientId, requestId).orElseThrow();
        throw new ConsentRequestDecidedException("consent request " + requestId + " was already " + now.status()
                + (now.decidedAt() == null ? "" : " at " + now.decidedAt()));
    }

    private void reopen(String requestId) {
        update("UPDATE consent_requests SET status = ?, decided_at = NULL WHERE id = ?", ConsentRequest.PENDING, requestId);
    }

    private Optional<ConsentRequest> find(String patientId, String requestId) {
        return query("WHERE patient_id = ? AND id = ?", patientId, requestId).stream().findFirst();
    }

    private List<ConsentRequest> query(String where, String... args) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, patient_id, study_id, purpose, organisation, status, created_at, decided_at"
                     + " FROM consent_requests " + where)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            List<ConsentRequest> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp decided = rs.getTimestamp(8);
                    out.add(new ConsentRequest(rs.getString(1), rs.getString(2), rs.getString(3), Purpose.parse(rs.getString(4)),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), decided == null ? null : decided.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading consent requests failed", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("updating a consent request failed", e);
        }
    }
}
