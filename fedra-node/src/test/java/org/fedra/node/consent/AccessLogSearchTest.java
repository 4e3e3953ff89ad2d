package org.fedra.node.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.fedra.node.fhir.MutableClock;
import org.fedra.node.fhir.TestDatabase;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.Test;

/** The steward's access-log search finds what the patient's own log lists, in both forms the log is kept in. */
class AccessLogSearchTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final DataSource db = TestDatabase.fresh();
    private final MutableClock clock = new MutableClock(T0);
    private final PatientAccessLog log = new PatientAccessLog(db, clock);
    private final AccessLogSearch search = new AccessLogSearch(db);

    private static TaskContext task(String id, String study) {
        return new TaskContext(id, study, Purpose.HEALTHCARE_RESEARCH, "uni-a", T0);
    }

    private List<String> found(AccessLogSearch.Query q, int limit) {
        return search.find(q, limit).stream().map(e -> e.taskId() + ":" + e.patientId()).toList();
    }

    @Test
    void searchesByPatientStudyAndTimeNewestFirstAcrossPerTaskSetsAndOlderPerPatientRows() throws Exception {
        log.record(task("t1", "s1"), List.of("p1", "p2", "p3"));
        clock.advance(Duration.ofHours(1));
        log.record(task("t2", "s2"), List.of("p2"));
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO patient_access_log "
                + "(patient_id, task_id, study_id, purpose, organisation, accessed_at) VALUES ('p9', 't0', 's0', 'HRESCH', 'uni-a', ?)")) {
            s.setTimestamp(1, Timestamp.from(T0.minus(Duration.ofHours(1)))); // written before the log went per task
            s.executeUpdate();
        }

        assertThat(found(new AccessLogSearch.Query("p2", null, null, null), 100)).containsExactly("t2:p2", "t1:p2");
        List<AccessLogEntry> oldestFirst = new java.util.ArrayList<>(search.find(new AccessLogSearch.Query("p2", null, null, null), 100));
        java.util.Collections.reverse(oldestFirst);
        assertThat(oldestFirst).as("the same entries as the patient's own log").isEqualTo(log.entriesFor("p2"));
        assertThat(found(new AccessLogSearch.Query(null, "s1", null, null), 100)).containsExactly("t1:p1", "t1:p2", "t1:p3");
        assertThat(found(new AccessLogSearch.Query(null, null, T0.plus(Duration.ofMinutes(30)), null), 100)).containsExactly("t2:p2");
        assertThat(found(new AccessLogSearch.Query(null, null, null, T0.plus(Duration.ofMinutes(30))), 100))
                .containsExactly("t1:p1", "t1:p2", "t1:p3", "t0:p9");
        assertThat(found(new AccessLogSearch.Query("p9", null, null, null), 100)).containsExactly("t0:p9");
        assertThat(found(new AccessLogSearch.Query(null, null, null, null), 2)).containsExactly("t2:p2", "t1:p1");
        assertThat(found(new AccessLogSearch.Query("nobody", null, null, null), 100)).isEmpty();
        assertThat(found(new AccessLogSearch.Query("p1", "s2", null, null), 100)).isEmpty();
    }
}
