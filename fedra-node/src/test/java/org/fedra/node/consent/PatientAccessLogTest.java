package org.fedra.node.consent;

import org.fedra.node.fhir.MutableClock;
import org.fedra.node.fhir.TestDatabase;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log at scale: one row per task however many patients it read, and still exact for every patient. */
class PatientAccessLogTest {
    private final DataSource db = TestDatabase.fresh();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PatientAccessLog log = new PatientAccessLog(db, clock);

    private static TaskContext task(String id, String study) {
        return new TaskContext(id, study, Purpose.HEALTHCARE_RESEARCH, "uni", Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static List<String> patients(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("p%06d", i)).toList();
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTaskReadingHundredThousandPatientsWritesOneSmallRowAndEveryPatientsLogStaysExact() throws Exception {
        log.record(task("t1", "s1"), patients(0, 100_000));
        clock.advance(Duration.ofMinutes(1));
        log.record(task("t2", "s2"), patients(50_000, 60_000));
        log.record(task("t2", "s2"), patients(59_000, 61_000)); // a second read of the same task accumulates
        log.record(task("t2", "s2"), patients(59_000, 61_000)); // and is idempotent

        assertThat(count("SELECT COUNT(*) FROM task_access")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM patient_access_log")).as("no per-patient rows").isZero();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT patients FROM task_access WHERE task_id = 't1'")) {
            rs.next();
            assertThat(rs.getBytes(1).length).as("100,000 consecutive numbers compress to a few bytes").isLessThan(100);
        }
        assertThat(log.entriesFor("p000001")).extracting(AccessLogEntry::taskId).containsExactly("t1");
        assertThat(log.entriesFor("p055555")).extracting(AccessLogEntry::taskId).containsExactly("t1", "t2");
        assertThat(log.entriesFor("p060500")).extracting(AccessLogEntry::taskId).containsExactly("t1", "t2");
        assertThat(log.entriesFor("p061000")).extracting(AccessLogEntry::taskId).containsExactly("t1");
        assertThat(log.entriesFor("p100000")).isEmpty();
        AccessLogEntry e = log.entriesFor("p055555").get(1);
        assertThat(e).isEqualTo(new AccessLogEntry("p055555", "t2", "s2", Purpose.HEALTHCARE_RESEARCH.toString(), "uni",
                Instant.parse("2026-01-01T00:01:00Z")));
        // a fresh process (an empty cache) numbers nobody twice
        PatientAccessLog restarted = new PatientAccessLog(db, clock);
        restarted.record(task("t3", "s1"), List.of("p000001", "new-patient"));
        assertThat(count("SELECT COUNT(*) FROM patient_number")).isEqualTo(100_001);
        assertThat(restarted.entriesFor("p000001")).extracting(AccessLogEntry::taskId).containsExactly("t1", "t3");
    }

    @Test
    void forgettingAPatientTakesThemOutOfEveryTaskAndNamesTheStudies() throws Exception {
        log.record(task("t1", "s1"), patients(0, 10));
        log.record(task("t2", "s2"), patients(5, 10));
        log.record(task("t3", "s3"), patients(0, 3));
        List<String> studies;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            studies = log.forget(c, "p000007");
            c.commit();
        }
        assertThat(studies).containsExactly("s1", "s2");
        assertThat(log.entriesFor("p000007")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM patient_number WHERE patient_id = 'p000007'")).isZero();
        assertThat(log.entriesFor("p000006")).extracting(AccessLogEntry::taskId).containsExactly("t1", "t2");
        // a later access gives a new number, never the forgotten one's tasks
        log.record(task("t4", "s4"), List.of("p000007"));
        assertThat(log.entriesFor("p000007")).extracting(AccessLogEntry::taskId).containsExactly("t4");
        List<String> tasksOf8 = new ArrayList<>();
        log.entriesFor("p000008").forEach(x -> tasksOf8.add(x.taskId()));
        assertThat(tasksOf8).containsExactly("t1", "t2");
    }
}
