package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.Certificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrolment rate limit and its bounded auditing, on a clock the test moves. */
class EnrolmentGuardTest {
    @TempDir
    Path dir;
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private EnrolmentGuard guard;

    @BeforeEach
    void guard() {
        guard = new EnrolmentGuard(AuditLog.open(dir, Certificates.newKeyPair(), clock, Principal.hub()), clock, 3, Duration.ofMinutes(10), 5);
    }

    private List<String> entries() throws Exception {
        return Files.exists(dir.resolve(AuditLog.LOG_FILE)) ? Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)) : List.of();
    }

    @Test
    void anAddressMayTryAgainOnceItsFailuresLeaveTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(guard.refusedFor("10.0.0.5")).isEmpty();
            guard.refused("10.0.0.5", "enrolment token t-0000000000000001 not recognised by this hub");
            now = now.plusSeconds(60);
        }
        // failures at 10:00, 10:01, 10:02; it is 10:03
        assertThat(guard.refusedFor("10.0.0.5")).isEqualTo(Optional.of(Duration.ofMinutes(7)));
        assertThat(guard.refusedFor("10.0.0.6")).as("another address is not affected").isEmpty();
        now = Instant.parse("2026-12-01T10:10:00Z");
        assertThat(guard.refusedFor("10.0.0.5")).as("the first failure has left the window").isEmpty();
    }

    @Test
    void aDistributedFloodWritesAtMostTheBoundOfEntriesPlusOneSummary() throws Exception {
        for (int a = 0; a < 50; a++) {
            for (int i = 0; i < 4; i++) {
                String source = "10.0.1." + a;
                if (guard.refusedFor(source).isEmpty()) {
                    guard.refused(source, "malformed enrolment token: a field is missing or not well-formed");
                }
            }
        }
        assertThat(entries()).hasSize(5).allSatisfy(l -> assertThat(l).contains("\"action\":\"enrolment.refused\""));
        guard.summarise();
        List<String> all = entries();
        assertThat(all).hasSize(6);
        assertThat(all.get(5)).contains("\"action\":\"enrolment.refusals-summarised\"")
                .contains("195 enrolment attempts without an entry of their own since 2026-12-01T10:00:00Z (145 refused, 50 rate-limited) from 50 addresses")
                .contains("; and 40 more addresses");
        guard.summarise();
        assertThat(entries()).as("nothing new, nothing written").hasSize(6);
    }

    @Test
    void theBudgetOfEntriesOfTheirOwnIsRenewedEachWindow() throws Exception {
        for (int a = 0; a < 8; a++) {
            guard.refused("10.0.2." + a, "refused");
        }
        now = now.plus(Duration.ofMinutes(10));
        for (int a = 0; a < 8; a++) {
            guard.refused("10.0.3." + a, "refused");
        }
        assertThat(entries()).hasSize(10);
    }
}
