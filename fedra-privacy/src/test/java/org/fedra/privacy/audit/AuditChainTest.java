package org.fedra.privacy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private final AuditChain chain = new AuditChain("Ed25519");
    private KeyPair keys;
    private List<AuditRecord> log;

    @BeforeEach
    void writeLog() throws Exception {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        log = new ArrayList<>();
        AuditRecord last = null;
        for (int i = 0; i < 5; i++) {
            last = chain.next(last, "2026-11-24T10:00:0" + i + "Z", "node-1", "task.received", "task " + i, keys.getPrivate());
            log.add(last);
        }
    }

    private AuditChain.Head head() {
        return new AuditChain.Head(log.size(), log.get(log.size() - 1).hash());
    }

    @Test
    void intactLogVerifies() {
        AuditVerification v = chain.verify(log, head(), keys.getPublic());
        assertThat(v.intact()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
    }

    @Test
    void editedDetailIsNamed() {
        AuditRecord r = log.get(2);
        log.set(2, new AuditRecord(r.sequence(), r.time(), r.actor(), r.action(), "task X", r.previous(), r.hash(), r.signature()));
        AuditVerification v = chain.verify(log, head(), keys.getPublic());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(3);
        assertThat(v.reason()).contains("entry 3 was changed");
    }

    @Test
    void rehashedEntryWithoutTheKeyFailsTheSignature() throws Exception {
        AuditRecord r = log.get(0);
        String forgedHash = AuditChain.hash(1, r.time(), r.actor(), r.action(), "forged", r.previous());
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        log.set(0, new AuditRecord(1, r.time(), r.actor(), r.action(), "forged", r.previous(), forgedHash,
                chain.sign(forgedHash, other.getPrivate())));
        AuditVerification v = chain.verify(log, null, keys.getPublic());
        assertThat(v.firstBroken()).isEqualTo(1);
        assertThat(v.reason()).contains("invalid signature");
    }

    @Test
    void removedEntryIsNamed() {
        log.remove(1);
        AuditVerification v = chain.verify(log, head(), keys.getPublic());
        assertThat(v.firstBroken()).isEqualTo(2);
    }

    @Test
    void reorderedEntriesAreNamed() {
        Collections.swap(log, 3, 4);
        AuditVerification v = chain.verify(log, null, keys.getPublic());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(4);
    }

    @Test
    void truncatedTailIsCaughtByTheHead() {
        AuditChain.Head head = head();
        log.remove(4);
        AuditVerification v = chain.verify(log, head, keys.getPublic());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(5);
    }

    @Test
    void nonCanonicalSignatureSpellingIsRefused() {
        AuditRecord r = log.get(1);
        String sig = r.signature();
        int last = sig.replace("=", "").length() - 1;
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int v = alphabet.indexOf(sig.charAt(last));
        // flip the lowest bit of the last character: for a padded encoding those bits are unused
        String other = sig.substring(0, last) + alphabet.charAt(v ^ 1) + sig.substring(last + 1);
        log.set(1, new AuditRecord(r.sequence(), r.time(), r.actor(), r.action(), r.detail(), r.previous(), r.hash(), other));
        AuditVerification result = chain.verify(log, head(), keys.getPublic());
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBroken()).isEqualTo(2);
    }
}
