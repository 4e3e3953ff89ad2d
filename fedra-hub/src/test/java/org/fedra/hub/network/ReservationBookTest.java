package org.fedra.hub.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fedra.hub.network.ReservationChange.Kind;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.privacy.securityindex.NetworkFindings;
import org.fedra.privacy.securityindex.Remediation;
import org.fedra.privacy.securityindex.RemediationKind;
import org.fedra.privacy.securityindex.SecurityAssessment;
import org.fedra.protocol.failure.Failure;
import org.junit.jupiter.api.Test;

/** Reservations on the topology of topology.json (see {@link SecurePathEngineTest}). */
class ReservationBookTest {
    private static final Topology TOPOLOGY = TopologyReaderTest.topology();

    private static SecurePathEngine engine(NetworkFindings findings) {
        return SecurePathEngine.of(TOPOLOGY, SecurityAssessment.of(findings, java.time.Instant.EPOCH).index());
    }

    @Test
    void reservationsHoldBandwidth() {
        SecurePathEngine e = engine(TOPOLOGY.declaredFindings());
        PathRequest r = PathRequest.of("hospital-a", "hub", "300Mbit", "40ms", 60);
        ReservationBook.Booking first = ReservationBook.empty().reserve("r1", r, Double.NaN, e);
        assertThat(first.path().links()).contains("core-3-hub");
        assertThat(first.book().reservedBandwidth()).containsEntry("core-3-hub", 300_000_000L);
        // 500 Mbit on core-3-hub, 300 reserved: a second 300 Mbit request cannot pass core-3 any more
        ReservationBook.Booking second = first.book().reserve("r2", r, Double.NaN, e);
        assertThat(second.path().found()).isFalse();
        assertThat(second.book()).isSameAs(first.book());
        assertThat(first.book().reserve("r2", PathRequest.of("hospital-a", "hub", "200Mbit", "40ms", 60),
                Double.NaN, e).path().found()).isTrue();
        assertThatThrownBy(() -> first.book().reserve("r1", r, Double.NaN, e)).isInstanceOf(Failure.class)
                .hasMessage("reservation r1 exists");
        assertThat(first.book().release("r1").reservedBandwidth()).isEmpty();
    }

    @Test
    void anIndexChangeReroutesOrFlagsAffectedReservationsAndRecoveryRestoresThem() {
        NetworkFindings clean = TOPOLOGY.declaredFindings().withFindings("core-2", List.of());
        SecurePathEngine e0 = engine(clean);
        ReservationBook book = ReservationBook.empty()
                .reserve("fast", PathRequest.of("hospital-a", "hub", "100Mbit", "40ms", 60), Double.NaN, e0).book()
                .reserve("tight", PathRequest.of("hospital-b", "hub", "100Mbit", "10ms", 60), Double.NaN, e0).book()
                .reserve("south", PathRequest.of("hospital-c", "hub", "100Mbit", "40ms", 0), Double.NaN, e0).book();
        assertThat(book.reservations().get("fast").path().nodes()).contains("core-2");
        assertThat(book.reservations().get("tight").path().delay()).isEqualTo(8_500);

        // core-2 gets a critical vulnerability: index 50, below the 60 of "fast" and "tight"
        NetworkFindings worse = clean.withFindings("core-2", TOPOLOGY.node("core-2").declaredFindings());
        ReservationBook.Reassessment r = book.reassess(engine(worse));
        assertThat(r.changes()).extracting(ReservationChange::reservationId, ReservationChange::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fast", Kind.REROUTED),
                        org.assertj.core.groups.Tuple.tuple("tight", Kind.FLAGGED));
        ReservationChange fast = r.changes().get(0);
        assertThat(fast.reason()).startsWith("node core-2 has security index 50.00, below 60.0");
        assertThat(fast.after().nodes()).containsExactly("hospital-a", "acc-north", "core-1", "core-3", "acc-hub", "hub");
        ReservationChange tight = r.changes().get(1);
        assertThat(tight.after().outcome()).isEqualTo(PathResult.Outcome.DELAY_EXCEEDED);
        assertThat(r.book().reservations().get("tight").flagged()).isTrue();
        assertThat(r.book().reservedBandwidth()).doesNotContainKey("b-north"); // flagged holds nothing
        assertThat(r.book().reservations().get("south").path()).isEqualTo(book.reservations().get("south").path());

        // the operator records core-2's vendor fix at level 4: P = (1.0 / 4) / 2.0, index 87.5
        NetworkFindings fixed = worse.withRemediation("core-2", "CVE-2023-20198",
                new Remediation(RemediationKind.PATCHED, 4, "vendor fix"));
        ReservationBook.Reassessment back = r.book().reassess(engine(fixed));
        assertThat(back.changes()).singleElement().satisfies(c -> {
            assertThat(c.reservationId()).isEqualTo("tight");
            assertThat(c.kind()).isEqualTo(Kind.RESTORED);
            assertThat(c.after().delay()).isEqualTo(8_500);
        });
        assertThat(back.book().reservations()).containsOnlyKeys("fast", "tight", "south");
    }

    @Test
    void aLinkThatLosesBandwidthMovesTheNewestReservationsOnIt() {
        SecurePathEngine e = engine(TOPOLOGY.declaredFindings());
        ReservationBook book = ReservationBook.empty()
                .reserve("old", PathRequest.of("hospital-a", "hub", "200Mbit", "40ms", 0), Double.NaN, e).book()
                .reserve("new", PathRequest.of("hospital-b", "hub", "200Mbit", "40ms", 0), Double.NaN, e).book();
        assertThat(book.reservedBandwidth()).containsEntry("north-2", 400_000_000L);
        Topology narrowed = TOPOLOGY.withLinkMeasurement("north-2", 300_000_000L, 2_000);
        SecurePathEngine after = SecurePathEngine.of(narrowed,
                org.fedra.privacy.securityindex.SecurityIndex.of(narrowed.declaredFindings().snapshot()));
        ReservationBook.Reassessment r = book.reassess(after);
        assertThat(r.changes()).singleElement().satisfies(c -> {
            assertThat(c.reservationId()).isEqualTo("new");
            assertThat(c.kind()).isEqualTo(Kind.REROUTED);
            assertThat(c.reason()).isEqualTo("link north-2 has 300Mbit available, less than reserved on it");
            assertThat(c.after().links()).doesNotContain("north-2");
        });
        assertThat(r.book().reservations().get("old").path().links()).contains("north-2");
    }

    @Test
    void riskBoundedReservationsAreReassessedByTheirBound() {
        NetworkFindings f = TOPOLOGY.declaredFindings();
        SecurePathEngine e = engine(f);
        ReservationBook book = ReservationBook.empty()
                .reserve("c", PathRequest.of("hospital-c", "hub", "10Mbit", "40ms", 0), 0.8, e).book();
        assertThat(book.reservations().get("c").path().delay()).isEqualTo(11_500);
        // a vulnerability on the hub's access node: every P_j moves, the fast path's sum stays within 0.8
        NetworkFindings more = f.withFindings("acc-hub", List.of(new Finding("CVE-2099-0001", 2.0, "DECLARED", 1,
                Remediation.NONE, List.of())));
        ReservationBook.Reassessment r = book.reassess(engine(more));
        // D = 2.2: P(core-2) = 1/2.2, P(acc-south) = 0.5/2.2, P(acc-hub) = 0.2/2.2; via core-2: 1.7/2.2 = 0.77 <= 0.8
        assertThat(r.changes()).isEmpty();
        NetworkFindings evenMore = more.withFindings("acc-hub", List.of(new Finding("CVE-2099-0001", 2.0, "DECLARED",
                2, Remediation.NONE, List.of())));
        // weight 2: D = 2.4, via core-2 (0.5 + 1 + 0.4)/2.4 = 0.79, still within 0.8 but not within 0.76
        assertThat(book.reassess(engine(evenMore)).changes()).isEmpty();
        ReservationBook strict = ReservationBook.empty()
                .reserve("c", PathRequest.of("hospital-c", "hub", "10Mbit", "40ms", 0), 0.76, e).book();
        ReservationBook.Reassessment moved = strict.reassess(engine(evenMore));
        assertThat(moved.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.REROUTED);
            assertThat(c.reason()).startsWith("the path's summed attack probability rose to");
            assertThat(c.after().nodes()).contains("core-3");
        });
    }
}
