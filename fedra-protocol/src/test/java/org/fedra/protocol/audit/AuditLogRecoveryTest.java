package org.fedra.protocol.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.fedra.privacy.audit.AuditRecord;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.CorruptFileException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each point at which a crash can stop a writer, made deterministic by putting the files into the state the crash
 * leaves: the next open accepts it without losing an acknowledged entry and records what it did; every other
 * difference is tampering and refuses.
 */
class AuditLogRecoveryTest {
    @TempDir
    Path dir;
    private final KeyPair key = Certificates.newKeyPair();
    private final Principal node = Principal.node("node-1");

    private AuditLog open() {
        return AuditLog.open(dir, key, Clock.systemUTC(), node);
    }

    private Path log() {
        return dir.resolve(AuditLog.LOG_FILE);
    }

    private Path head() {
        return dir.resolve(AuditLog.HEAD_FILE);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(log());
    }

    private static JsonNode json(String line) throws IOException {
        return JsonCodec.MAPPER.readTree(line);
    }

    @BeforeEach
    void threeAcknowledgedEntries() {
        AuditLog log = open();
        for (int i = 1; i <= 3; i++) {
            log.append(AuditAction.TASK_RECEIVED, "acknowledged " + i);
        }
    }

    @Test
    void anEntryWrittenBeforeItsHeadIsAdoptedAndTheAdoptionRecorded() throws Exception {
        byte[] headBefore = Files.readAllBytes(head());
        open().append(AuditAction.TASK_RECEIVED, "written, head not yet replaced");
        Files.write(head(), headBefore); // the crash came between forcing the entry and renaming the new head into place

        AuditVerification seen = AuditLog.verify(dir);
        assertThat(seen.crashResidue()).as(seen.reason()).isTrue();
        assertThat(seen.tampered()).isFalse();
        assertThat(seen.beyondHead()).isEqualTo(1);
        assertThat(seen.reason()).contains("entry 4 is validly signed but beyond the signed head");

        AuditLog reopened = open();
        List<String> lines = lines();
        assertThat(lines).hasSize(5);
        assertThat(json(lines.get(3)).get("detail").asText()).isEqualTo("written, head not yet replaced");
        assertThat(json(lines.get(4)).get("action").asText()).isEqualTo("audit.recovered");
        assertThat(json(lines.get(4)).get("detail").asText()).isEqualTo("recovered after an unclean stop: adopted entry 4, validly signed but written"
                + " after the signed head");
        assertThat(reopened.head().count()).isEqualTo(5);
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void aWholeBatchBeyondTheHeadIsAdopted() throws Exception {
        byte[] headBefore = Files.readAllBytes(head());
        AuditLog log = open();
        for (int i = 0; i < 4; i++) {
            log.append(AuditAction.TASK_RECEIVED, "batch " + i);
        }
        Files.write(head(), headBefore);
        open();
        assertThat(lines()).hasSize(8);
        assertThat(json(lines().get(7)).get("detail").asText()).contains("adopted entries 4 to 7");
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void anUnfinishedLastLineIsCutOffAndRecorded() throws Exception {
        byte[] headBefore = Files.readAllBytes(head());
        byte[] acknowledged = Files.readAllBytes(log());
        open().append(AuditAction.TASK_RECEIVED, "cut off by the crash");
        byte[] full = Files.readAllBytes(log());
        int cut = acknowledged.length + (full.length - acknowledged.length) / 2; // half of the new line reached the file
        Files.write(log(), Arrays.copyOf(full, cut));
        Files.write(head(), headBefore);

        AuditVerification seen = AuditLog.verify(dir);
        assertThat(seen.crashResidue()).as(seen.reason()).isTrue();
        assertThat(seen.unfinishedBytes()).isEqualTo(cut - acknowledged.length);

        open();
        List<String> lines = lines();
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(json(lines.get(i)).get("detail").asText()).isEqualTo("acknowledged " + (i + 1));
        }
        assertThat(json(lines.get(3)).get("action").asText()).isEqualTo("audit.recovered");
        assertThat(json(lines.get(3)).get("detail").asText())
                .startsWith("recovered after an unclean stop: discarded an unfinished last line of " + (cut - acknowledged.length) + " bytes (sha256 ")
                .endsWith("), never acknowledged");
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void aCompleteEntryWithoutItsLineBreakIsUnfinishedToo() throws Exception {
        // The line break is the last byte of the write that must reach the disk before append returns: without it the
        // entry was never acknowledged, however valid the bytes before it are.
        byte[] headBefore = Files.readAllBytes(head());
        open().append(AuditAction.TASK_RECEIVED, "all but the line break");
        byte[] full = Files.readAllBytes(log());
        Files.write(log(), Arrays.copyOf(full, full.length - 1));
        Files.write(head(), headBefore);
        open();
        assertThat(lines()).hasSize(4).noneMatch(l -> l.contains("all but the line break"));
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void entriesBeyondTheHeadFollowedByAnUnfinishedLineAreBothTakenIn() throws Exception {
        byte[] headBefore = Files.readAllBytes(head());
        AuditLog log = open();
        log.append(AuditAction.TASK_RECEIVED, "whole");
        log.append(AuditAction.TASK_RECEIVED, "torn");
        byte[] full = Files.readAllBytes(log());
        Files.write(log(), Arrays.copyOf(full, full.length - 40));
        Files.write(head(), headBefore);
        open();
        List<String> lines = lines();
        assertThat(lines).hasSize(5);
        assertThat(json(lines.get(3)).get("detail").asText()).isEqualTo("whole");
        assertThat(json(lines.get(4)).get("detail").asText()).contains("adopted entry 4").contains("discarded an unfinished last line");
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void aTemporaryHeadLeftByACrashIsRemoved() throws Exception {
        Files.writeString(dir.resolve(AuditLog.HEAD_FILE + ".tmp"), "{\"count\":");
        Files.writeString(dir.resolve(AuditLog.HEAD_FILE + "4711.tmp"), "left by an earlier version");
        open().append(AuditAction.TASK_RECEIVED, "after");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void aCrashBeforeTheFirstEntryLeavesAStartableDirectory(@TempDir Path fresh) throws Exception {
        // killed after the key file was written, before the head: nothing else exists
        AuditLog.open(fresh, key, Clock.systemUTC(), node);
        Files.delete(fresh.resolve(AuditLog.HEAD_FILE));
        AuditLog.open(fresh, key, Clock.systemUTC(), node).append(AuditAction.NODE_STARTED, "first");
        assertThat(AuditLog.verify(fresh).intact()).isTrue();
        // killed after the empty head, before the first entry: a head of no entries and no log
        Path other = fresh.resolve("other");
        AuditLog.open(other, key, Clock.systemUTC(), node);
        assertThat(other.resolve(AuditLog.LOG_FILE)).doesNotExist();
        assertThat(AuditLog.verify(other).intact()).isTrue();
        AuditLog.open(other, key, Clock.systemUTC(), node).append(AuditAction.NODE_STARTED, "first");
        assertThat(AuditLog.verify(other).intact()).isTrue();
        assertThat(AuditLog.verify(other).entries()).isEqualTo(1);
    }

    @Test
    void aCrashDuringRecoveryIsRecoveredAtTheNextStart() throws Exception {
        byte[] headBefore = Files.readAllBytes(head());
        open().append(AuditAction.TASK_RECEIVED, "fourth");
        byte[] full = Files.readAllBytes(log());
        Files.write(log(), Arrays.copyOf(full, full.length - 10));
        Files.write(head(), headBefore);
        // the first recovery cut the unfinished line off, then the process died before recording it: what is left is the
        // acknowledged log, which the next start takes as it is (the cut-off line was never acknowledged)
        new AuditFiles(dir).truncate(new AuditFiles(dir).readAll().completeBytes());
        open().append(AuditAction.NODE_STARTED, "next start");
        assertThat(lines()).hasSize(4);
        assertThat(json(lines().get(3)).get("detail").asText()).isEqualTo("next start");
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    @Test
    void aForgedEntryBeyondTheHeadIsTampering() throws Exception {
        byte[] headBefore = Files.readAllBytes(head());
        open().append(AuditAction.TASK_RECEIVED, "genuine");
        Files.write(head(), headBefore);
        String forged = Files.readString(log()).replace("genuine", "forged!");
        Files.writeString(log(), forged);
        assertRefused("entry 4 was changed");
    }

    @Test
    void anEntryBeyondTheHeadSignedWithAnotherKeyIsTampering() throws Exception {
        byte[] headBefore = Files.readAllBytes(head());
        List<String> before = lines();
        Path elsewhere = dir.resolve("elsewhere");
        AuditLog other = AuditLog.open(elsewhere, Certificates.newKeyPair(), Clock.systemUTC(), node);
        for (int i = 1; i <= 4; i++) {
            other.append(AuditAction.TASK_RECEIVED, "acknowledged " + i);
        }
        // the attacker's fourth entry chains correctly only if everything before matches; it cannot, so the signature decides
        String fourth = Files.readAllLines(elsewhere.resolve(AuditLog.LOG_FILE)).get(3);
        Files.write(log(), (String.join("\n", before) + "\n" + fourth + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(head(), headBefore);
        assertRefused("entry 4");
    }

    @Test
    void aHeadAheadOfTheLogIsTampering() throws Exception {
        List<String> lines = lines();
        Files.write(log(), lines.subList(0, 2)); // an acknowledged entry removed
        assertRefused("the log holds 2 entries but its signed head records 3");
    }

    @Test
    void anUnfinishedLineInPlaceOfAnAcknowledgedEntryIsTampering() throws Exception {
        byte[] full = Files.readAllBytes(log());
        Files.write(log(), Arrays.copyOf(full, full.length - 20)); // the third entry is under the head: it was acknowledged
        assertRefused("the log holds 2 entries but its signed head records 3");
    }

    @Test
    void aRemovedOrReorderedEntryIsTampering() throws Exception {
        List<String> lines = lines();
        Files.write(log(), List.of(lines.get(0), lines.get(2)));
        assertRefused("entry 2");
        Files.write(log(), List.of(lines.get(0), lines.get(2), lines.get(1)));
        assertRefused("entry 2");
    }

    @Test
    void aMissingOrForgedHeadBesideTheLogIsTampering() throws Exception {
        byte[] head = Files.readAllBytes(head());
        Files.delete(head());
        assertRefused("audit.head is missing while audit.log exists");
        Files.write(head(), new String(head, StandardCharsets.UTF_8).replace("\"count\":3", "\"count\":2").getBytes(StandardCharsets.UTF_8));
        assertRefused("audit.head is forged");
    }

    @Test
    void aRefusedLogIsLeftAsItWas() throws Exception {
        List<String> lines = lines();
        Files.write(log(), lines.subList(0, 2));
        byte[] before = Files.readAllBytes(log());
        byte[] headBefore = Files.readAllBytes(head());
        assertRefused("removed or added");
        assertThat(Files.readAllBytes(log())).isEqualTo(before);
        assertThat(Files.readAllBytes(head())).isEqualTo(headBefore);
    }

    @Test
    void openingChecksTheNewestSignatureWhichCoversEveryEntryBeforeIt() throws Exception {
        // A start checks every link and hash but only the newest signature (so that it does not slow down as the log
        // grows). Content cannot change without breaking a link or that signature; a damaged signature of an older entry,
        // with its content intact, does not stop a start, and verify still names it.
        List<String> lines = lines();
        JsonNode second = json(lines.get(1));
        String sig = second.get("sig").asText();
        String damaged = (sig.charAt(10) == 'A' ? "B" : "A");
        Files.write(log(), List.of(lines.get(0), lines.get(1).replace(sig, sig.substring(0, 10) + damaged + sig.substring(11)), lines.get(2)));
        open().append(AuditAction.NODE_STARTED, "after");
        AuditVerification v = AuditLog.verify(dir);
        assertThat(v.tampered()).isTrue();
        assertThat(v.reason()).isEqualTo("entry 2 has an invalid signature");

        Files.write(log(), List.of(lines.get(0), lines.get(1), lines.get(2).replace(json(lines.get(2)).get("sig").asText(), sig)));
        assertRefused("entry 3 has an invalid signature");
    }

    @Test
    void twoWritersOnOneDirectoryChainOnFromEachOther() {
        // as the command line records beside a running node: each writer finds the other's entries and chains on
        AuditLog a = open();
        AuditLog b = open();
        for (int i = 0; i < 5; i++) {
            AuditRecord ra = a.append(AuditAction.TASK_RECEIVED, "a" + i);
            AuditRecord rb = b.append(AuditAction.DATA_IMPORTED, "b" + i);
            assertThat(rb.sequence()).isEqualTo(ra.sequence() + 1);
            assertThat(rb.previous()).isEqualTo(ra.hash());
        }
        AuditVerification v = AuditLog.verify(dir);
        assertThat(v.intact()).as(v.reason()).isTrue();
        assertThat(v.entries()).isEqualTo(13);
    }

    @Test
    void aWriterRefusesToChainOnFromEntriesChangedUnderIt() throws Exception {
        AuditLog a = open();
        Files.writeString(log(), Files.readString(log()).replace("acknowledged 2", "acknowledged X"));
        Files.writeString(log(), "{\"not\":\"an entry\"}\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> a.append(AuditAction.TASK_RECEIVED, "after"))
                .isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("changed while this process was appending to it");
    }

    private void assertRefused(String reason) {
        assertThatThrownBy(this::open).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("does not verify").hasMessageContaining(reason).hasMessageContaining("refusing to append");
        assertThat(AuditLog.verify(dir).tampered()).isTrue();
    }
}
