package org.fedra.protocol.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.pki.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifying a log that a running node is writing to: no false alarm, and an entry its head never covers still caught. */
class LiveAuditLogTest {
    @TempDir
    Path dir;

    @Test
    void aLogBeingWrittenVerifiesIntactEveryTime() throws Exception {
        AuditLog log = AuditLog.open(dir, Certificates.newKeyPair(), Clock.systemUTC(), org.fedra.protocol.audit.Principal.node("node-1"));
        log.append(org.fedra.protocol.audit.AuditAction.NODE_STARTED, "first");
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200; i++) log.append(org.fedra.protocol.audit.AuditAction.TASK_RESULT_SENT, "entry " + i);
        });
        writer.start();
        int checks = 0;
        while (writer.isAlive()) {
            AuditVerification v = AuditLog.verify(dir);
            assertThat(v.intact()).as("verification %d: %s", checks, v.reason()).isTrue();
            checks++;
        }
        writer.join();
        assertThat(checks).as("verified while the writer wrote").isPositive();
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void anEntryTheHeadNeverCoversIsReportedAsAdded() throws Exception {
        AuditLog log = AuditLog.open(dir, Certificates.newKeyPair(), Clock.systemUTC(), org.fedra.protocol.audit.Principal.node("node-1"));
        log.append(org.fedra.protocol.audit.AuditAction.NODE_STARTED, "first");
        byte[] head = Files.readAllBytes(dir.resolve(AuditLog.HEAD_FILE));
        log.append(org.fedra.protocol.audit.AuditAction.TASK_RESULT_SENT, "second");
        Files.write(dir.resolve(AuditLog.HEAD_FILE), head); // the head rolled back: the second entry is beyond it
        AuditVerification v = AuditLog.verify(dir);
        assertThat(v.intact()).isFalse();
        assertThat(v.reason()).contains("holds 2 entries but its signed head records 1");
    }
}
