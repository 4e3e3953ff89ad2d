package org.fedra.node.consent;

import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.TestDatabase;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Consents are decided once per consent state and policy: reused across tasks until a Consent or the policy changes. */
class ConsentSnapshotCacheTest {
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private final FhirStore store = new FhirStore(TestDatabase.fresh(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
            List.of(ConsentCompiler.RULE));
    private final ConsentEngine engine = new ConsentEngine(store, DefaultPolicy.optInEverywhere());

    private static Patient patient(String id) {
        Patient p = new Patient();
        p.setId(id);
        return p;
    }

    private static boolean permitted(ConsentSnapshot s, String patient) {
        return s.decide(patient, Purpose.HEALTHCARE_RESEARCH, "uni", "Observation", AT).permitted();
    }

    @Test
    void reusedUntilAConsentOrThePolicyChanges() {
        store.upsertAll(List.of(patient("p1"), patient("p2")));
        ConsentSnapshot first = engine.snapshot();
        assertThat(permitted(first, "p1")).isFalse();
        store.upsert(patient("p3")); // not a Consent: the decisions stand
        assertThat(engine.snapshot()).isSameAs(first);

        store.upsert(Consents.research("c1", "p1", "2026-01-01T00:00:00Z", Consent.ConsentProvisionType.PERMIT));
        ConsentSnapshot second = engine.snapshot();
        assertThat(second).isNotSameAs(first);
        assertThat(permitted(second, "p1")).isTrue();
        assertThat(engine.snapshot()).isSameAs(second);

        engine.useDefaultPolicy(new DefaultPolicy(Map.of(Purpose.HEALTHCARE_RESEARCH, DefaultPolicy.Mode.OPT_OUT), DefaultPolicy.Mode.OPT_IN));
        ConsentSnapshot third = engine.snapshot();
        assertThat(third).isNotSameAs(second);
        assertThat(permitted(third, "p2")).as("opt-out now").isTrue();

        // a Consent written by another process on the same database is seen too
        new FhirStore(store.dataSource(), Clock.systemUTC(), List.of(ConsentCompiler.RULE))
                .upsert(Consents.research("c2", "p2", "2026-01-01T00:00:00Z", Consent.ConsentProvisionType.DENY));
        assertThat(permitted(engine.snapshot(), "p2")).isFalse();
    }
}
