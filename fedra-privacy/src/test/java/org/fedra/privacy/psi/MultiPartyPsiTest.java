package org.fedra.privacy.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.fedra.privacy.ristretto.RistrettoElement;
import org.junit.jupiter.api.Test;

class MultiPartyPsiTest {
    private static final byte[] KEY = "federation linkage key 0001".getBytes(StandardCharsets.UTF_8);

    /** National ids {@code from..to}, as a hospital's linkage identifiers. */
    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> String.format("NID%08d", i)).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * The protocol as the hub runs it, in memory: every party blinds its own set, the counting party masks the others'
     * sets, every remaining party re-blinds each set, the counting party completes the masked sets and counts.
     * {@code relaySeen} receives every set the relay (hub) holds on the way.
     */
    private static OverlapCount run(List<List<String>> idsPerParty, int counting, List<BlindedSet> relaySeen, byte[]... keys) {
        int n = idsPerParty.size();
        List<PsiParty> parties = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parties.add(new PsiParty(keys.length > i ? keys[i] : KEY, PsiProtocolTest.seeded(1000 + i), ForkJoinPool.commonPool()));
        }
        List<BlindedSet> full = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlindedSet s = parties.get(i).blindOwn(idsPerParty.get(i));
            relaySeen.add(s);
            if (i != counting) {
                s = parties.get(counting).maskInTransit("set-" + i, s);
                relaySeen.add(s);
            }
            for (int j = 0; j < n; j++) {
                if (j != i && j != counting) {
                    s = parties.get(j).reblind(s);
                    relaySeen.add(s);
                }
            }
            full.add(i == counting ? s : parties.get(counting).completeMasked("set-" + i, s));
        }
        return OverlapCount.of(full);
    }

    @Test
    void twoHospitalsShareExactly120Patients() {
        OverlapCount c = run(List.of(ids(1, 300), ids(181, 580)), 0, new ArrayList<>());
        assertThat(c.size(0)).isEqualTo(300);
        assertThat(c.size(1)).isEqualTo(400);
        assertThat(c.overlap(0, 1)).isEqualTo(120);
        assertThat(c.union()).isEqualTo(580);
    }

    @Test
    void theCountingPartyMayBeEitherSide() {
        OverlapCount c = run(List.of(ids(1, 300), ids(181, 580)), 1, new ArrayList<>());
        assertThat(c.overlap(0, 1)).isEqualTo(120);
        assertThat(c.union()).isEqualTo(580);
    }

    @Test
    void threeHospitalsGivePairwiseOverlapsAndTheUnion() {
        // A = 1..300, B = 201..600, C = 251..350 and 581..700
        List<List<String>> sets = List.of(ids(1, 300), ids(201, 600), concat(ids(251, 350), ids(581, 700)));
        OverlapCount c = run(sets, 1, new ArrayList<>());
        assertThat(List.of(c.size(0), c.size(1), c.size(2))).containsExactly(300, 400, 220);
        assertThat(c.overlap(0, 1)).isEqualTo(100);
        assertThat(c.overlap(1, 2)).isEqualTo(120);
        assertThat(c.overlap(0, 2)).isEqualTo(50);
        assertThat(c.common(0b111)).isEqualTo(50);
        assertThat(c.union()).isEqualTo(700);
        // held by exactly: A 1..200; A+B 201..250; all three 251..300; B+C 301..350 and 581..600; B 351..580; C 601..700
        assertThat(c.patterns()).containsEntry(0b001L, 200).containsEntry(0b011L, 50).containsEntry(0b111L, 50)
                .containsEntry(0b110L, 70).containsEntry(0b010L, 230).containsEntry(0b100L, 100);
        assertThat(c.patterns().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(c.union());
    }

    @Test
    void disjointSetsShareNothingAndAnEmptySetIsAllowed() {
        OverlapCount c = run(List.of(ids(1, 50), ids(51, 90), List.of()), 2, new ArrayList<>());
        assertThat(c.overlap(0, 1)).isZero();
        assertThat(c.size(2)).isZero();
        assertThat(c.union()).isEqualTo(90);
    }

    @Test
    void theRelayNeverHoldsTwoComparableSets() {
        List<BlindedSet> seen = new ArrayList<>();
        List<List<String>> sets = List.of(ids(1, 300), ids(201, 600), concat(ids(251, 350), ids(581, 700)));
        OverlapCount c = run(sets, 0, seen);
        assertThat(c.overlap(0, 1)).isEqualTo(100); // the identifiers do overlap ...
        assertThat(seen).hasSize(3 * 3); // 3 fresh sets, 2 masked, 4 re-blinded
        for (int a = 0; a < seen.size(); a++) {
            Set<ByteBuffer> first = encodings(seen.get(a));
            for (int b = a + 1; b < seen.size(); b++) {
                Set<ByteBuffer> common = new HashSet<>(first);
                common.retainAll(encodings(seen.get(b)));
                assertThat(common).as("sets %d and %d the relay held", a, b).isEmpty(); // ... but nothing the relay holds shows it
            }
        }
    }

    @Test
    void blindingCommutesAndEveryOutputIsShuffled() {
        List<String> same = ids(1, 200);
        PsiParty a = new PsiParty(KEY, PsiProtocolTest.seeded(1), ForkJoinPool.commonPool());
        PsiParty b = new PsiParty(KEY, PsiProtocolTest.seeded(2), ForkJoinPool.commonPool());
        BlindedSet ab = b.reblind(a.blindOwn(same));
        BlindedSet ba = a.reblind(b.blindOwn(same));
        assertThat(encodings(ab)).isEqualTo(encodings(ba)).hasSize(200);
        List<ByteBuffer> abOrder = ab.toList().stream().map(ByteBuffer::wrap).toList();
        List<ByteBuffer> baOrder = ba.toList().stream().map(ByteBuffer::wrap).toList();
        assertThat(abOrder).isNotEqualTo(baOrder);
        // re-blinding twice with the same secret but shuffling each time: same elements, different order
        PsiParty c = new PsiParty(KEY, PsiProtocolTest.seeded(3), ForkJoinPool.commonPool());
        List<ByteBuffer> once = c.reblind(ab).toList().stream().map(ByteBuffer::wrap).toList();
        List<ByteBuffer> again = c.reblind(ab).toList().stream().map(ByteBuffer::wrap).toList();
        assertThat(new HashSet<>(once)).isEqualTo(new HashSet<>(again));
        assertThat(once).isNotEqualTo(again);
    }

    @Test
    void withoutTheFederationKeyNothingMatches() {
        byte[] other = "another federation's key 9999".getBytes(StandardCharsets.UTF_8);
        OverlapCount c = run(List.of(ids(1, 300), ids(181, 580)), 0, new ArrayList<>(), KEY, other);
        assertThat(c.overlap(0, 1)).isZero();
        assertThat(c.union()).isEqualTo(700);
    }

    @Test
    void badInputIsRefusedNamingWhatAndWhere() {
        PsiParty p = new PsiParty(KEY, PsiProtocolTest.seeded(5), ForkJoinPool.commonPool());
        assertThatThrownBy(() -> p.blindOwn(List.of("NID1", "NID2", "NID1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("own identifier 2 duplicates identifier 0");
        p.blindOwn(List.of("NID1"));
        assertThatThrownBy(() -> p.blindOwn(List.of("NID2"))).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("runs once per job");
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 1; // odd field element: not a canonical encoding
        BlindedSet bad = new BlindedSet(List.of(RistrettoElement.GENERATOR.encode(), notAPoint));
        assertThatThrownBy(() -> p.reblind(bad)).isInstanceOf(PsiProtocolException.class)
                .hasMessageStartingWith("received element 1 is not a valid ristretto255 encoding");
        BlindedSet identity = new BlindedSet(List.of(RistrettoElement.IDENTITY.encode()));
        assertThatThrownBy(() -> p.reblind(identity)).isInstanceOf(PsiProtocolException.class)
                .hasMessage("received element 0 is the group identity, which no identifier hashes to");
        assertThatThrownBy(() -> p.completeMasked("set-9", identity)).isInstanceOf(PsiProtocolException.class)
                .hasMessage("PSI party: no set 'set-9' was masked in this job");
        BlindedSet g = new BlindedSet(List.of(RistrettoElement.GENERATOR.encode()));
        p.maskInTransit("set-1", g);
        assertThatThrownBy(() -> p.maskInTransit("set-1", g)).isInstanceOf(PsiProtocolException.class)
                .hasMessage("PSI party: the set 'set-1' was already masked in this job");
        p.completeMasked("set-1", g);
        assertThatThrownBy(() -> p.completeMasked("set-1", g)).isInstanceOf(PsiProtocolException.class)
                .hasMessage("PSI party: the set 'set-1' was already completed in this job");
        p.destroy();
        assertThatThrownBy(() -> p.reblind(g)).isInstanceOf(PsiProtocolException.class).hasMessage("PSI party: used after destroy()");
    }

    @Test
    void overlapCountRefusesDuplicatesAndTooFewSets() {
        byte[] g = RistrettoElement.GENERATOR.encode();
        byte[] h = RistrettoElement.GENERATOR.add(RistrettoElement.GENERATOR).encode();
        assertThatThrownBy(() -> OverlapCount.of(List.of(new BlindedSet(List.of(g)), new BlindedSet(List.of(h, g, h)))))
                .isInstanceOf(PsiProtocolException.class).hasMessage("set 1 holds element 2 twice");
        assertThatThrownBy(() -> OverlapCount.of(List.of(new BlindedSet(List.of(g)))))
                .isInstanceOf(PsiProtocolException.class).hasMessage("an overlap count needs 2 to 62 sets, got 1");
        OverlapCount c = OverlapCount.of(List.of(new BlindedSet(List.of(g, h)), new BlindedSet(List.of(h))));
        assertThatThrownBy(() -> c.overlap(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.size(2)).isInstanceOf(IllegalArgumentException.class).hasMessage("set index 2 is outside 0..1");
        assertThat(c.overlap(0, 1)).isEqualTo(1);
    }

    private static Set<ByteBuffer> encodings(BlindedSet s) {
        Set<ByteBuffer> out = new HashSet<>();
        for (byte[] e : s.toList()) {
            out.add(ByteBuffer.wrap(e));
        }
        return out;
    }
}
