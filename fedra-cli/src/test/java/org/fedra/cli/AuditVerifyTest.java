package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedra.protocol.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedra audit verify}: any one changed byte, a removed or a reordered entry is caught and named. */
class AuditVerifyTest {
    @TempDir
    Path dir;

    private String verify(int expectedCode) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Fedra.commandLine().execute("audit", "verify", "--data-dir", dir.toString());
            assertThat(code).as(buf.toString(StandardCharsets.UTF_8)).isEqualTo(expectedCode);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private List<Integer> lineStarts(byte[] log) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < log.length - 1; i++) {
            if (log[i] == '\n') {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    @Test
    void everyChangedByteIsCaughtAndItsEntryNamed() throws Exception {
        AuditLog log = CertifiedAuditLogs.open(dir, "node-test");
        for (int i = 0; i < 6; i++) {
            log.append(org.fedra.protocol.audit.AuditAction.TASK_RECEIVED, "task " + i + " of the test");
        }
        assertThat(verify(0)).isEqualTo("OK 6 entries\n");
        Path file = dir.resolve(AuditLog.LOG_FILE);
        byte[] original = Files.readAllBytes(file);
        List<Integer> starts = lineStarts(original);
        Random random = new Random(42);
        for (int entry = 0; entry < starts.size(); entry++) {
            int from = starts.get(entry);
            int to = entry + 1 < starts.size() ? starts.get(entry + 1) - 1 : original.length - 1; // the newline belongs to the entry
            for (int k = 0; k < 12; k++) {
                int pos = from + random.nextInt(to - from + 1);
                byte[] changed = original.clone();
                changed[pos] = (byte) (changed[pos] ^ (1 + random.nextInt(255)));
                Files.write(file, changed);
                String out = verify(1);
                assertThat(out).as("byte %d of entry %d changed", pos - from, entry + 1).startsWith("TAMPERED entry ");
                long named = Long.parseLong(out.substring("TAMPERED entry ".length(), out.indexOf(':')));
                // A changed line break merges or splits entries: the entry named is the changed one or the one after it.
                assertThat(named).as(out).isBetween((long) entry + 1, (long) entry + 2);
                if (original[pos] != '\n') {
                    assertThat(named).as(out).isEqualTo(entry + 1);
                }
            }
        }
        Files.write(file, original);
        assertThat(verify(0)).isEqualTo("OK 6 entries\n");
    }

    @Test
    void removedAndReorderedEntriesAreNamed() throws Exception {
        AuditLog log = CertifiedAuditLogs.open(dir, "hub");
        for (int i = 0; i < 4; i++) {
            log.append(org.fedra.protocol.audit.AuditAction.NODE_CONNECTED, "n" + i);
        }
        Path file = dir.resolve(AuditLog.LOG_FILE);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(2), lines.get(3)));
        assertThat(verify(1)).startsWith("TAMPERED entry 2:");
        Files.write(file, List.of(lines.get(0), lines.get(1), lines.get(3), lines.get(2)));
        assertThat(verify(1)).startsWith("TAMPERED entry 3:");
        Files.write(file, List.of(lines.get(0), lines.get(1), lines.get(2)));
        assertThat(verify(1)).startsWith("TAMPERED entry 4:").contains("removed");
    }
}
