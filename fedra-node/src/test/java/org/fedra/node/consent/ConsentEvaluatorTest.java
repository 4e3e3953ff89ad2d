package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedra.node.consent.Consents.actor;
import static org.fedra.node.consent.Consents.nested;
import static org.fedra.node.consent.Consents.period;
import static org.fedra.node.consent.Consents.purpose;
import static org.fedra.node.consent.Consents.type;
import static org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY;
import static org.hl7.fhir.r4.model.Consent.ConsentProvisionType.PERMIT;

class ConsentEvaluatorTest {
    /*
     * Patient p1, consent A recorded 2025-01-01, in force 2025-01-01..2026-12-31:
     *   permit                                   Consent.provision
     *     deny  actor pharma                     Consent.provision.provision[0]
     *       permit class Observation             Consent.provision.provision[0].provision[0]
     *     deny  purpose HMARKT                   Consent.provision.provision[1]
     *     deny  class ImagingStudy               Consent.provision.provision[2]
     * Consent B recorded 2025-09-01: deny for purpose CLINTRCH (root). Consent C recorded 2025-03-01 is inactive: deny all.
     * Patient p2: no consent.
     */
    private static final List<ConsentDirective> DIRECTIVES = directives();
    private static final DefaultPolicy POLICY = new DefaultPolicy(
            Map.of(Purpose.HEALTHCARE_RESEARCH, DefaultPolicy.Mode.OPT_OUT), DefaultPolicy.Mode.OPT_IN);

    private static List<ConsentDirective> directives() {
        Consent a = Consents.research("A", "p1", "2025-01-01T00:00:00Z", PERMIT);
        period(a.getProvision(), "2025-01-01", "2026-12-31");
        type(nested(actor(nested(a.getProvision(), DENY), "pharma"), PERMIT), "Observation");
        purpose(nested(a.getProvision(), DENY), Purpose.COMMERCIAL);
        type(nested(a.getProvision(), DENY), "ImagingStudy");
        Consent b = Consents.research("B", "p1", "2025-09-01T00:00:00Z", DENY);
        purpose(b.getProvision(), Purpose.CLINICAL_TRIAL_RESEARCH);
        Consent c = Consents.research("C", "p1", "2025-03-01T00:00:00Z", DENY);
        c.setStatus(Consent.ConsentState.INACTIVE);
        assertThat(ConsentCompiler.compile(c)).isEmpty();
        return List.of(ConsentCompiler.compile(a).orElseThrow(), ConsentCompiler.compile(b).orElseThrow());
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5} by {6} {7}")
    @CsvSource(delimiter = ';', textBlock = """
            p1; HRESCH;   uni;    Observation;  2025-06-01T00:00:00Z; PERMIT; A;  Consent.provision
            p1; HRESCH;   pharma; Condition;    2025-06-01T00:00:00Z; DENY;   A;  Consent.provision.provision[0]
            p1; HRESCH;   pharma; Observation;  2025-06-01T00:00:00Z; PERMIT; A;  Consent.provision.provision[0].provision[0]
            p1; HMARKT;   uni;    Observation;  2025-06-01T00:00:00Z; DENY;   A;  Consent.provision.provision[1]
            p1; HMARKT;   pharma; Observation;  2025-06-01T00:00:00Z; DENY;   A;  Consent.provision.provision[1]
            p1; HRESCH;   uni;    ImagingStudy; 2025-06-01T00:00:00Z; DENY;   A;  Consent.provision.provision[2]
            p1; HRESCH;   pharma; ImagingStudy; 2025-06-01T00:00:00Z; DENY;   A;  Consent.provision.provision[0]
            p1; HRESCH;   uni;    Observation;  2026-12-31T23:59:59Z; PERMIT; A;  Consent.provision
            p1; HRESCH;   uni;    Observation;  2027-01-01T00:00:00Z; PERMIT; ;   node default policy: opt-out for http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH
            p1; HMARKT;   uni;    Observation;  2027-01-01T00:00:00Z; DENY;   ;   node default policy: opt-in for http://terminology.hl7.org/CodeSystem/v3-ActReason|HMARKT
            p1; HRESCH;   pharma; Condition;    2024-12-31T23:59:59Z; PERMIT; ;   node default policy: opt-out for http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH
            p1; CLINTRCH; uni;    Observation;  2025-08-31T00:00:00Z; PERMIT; A;  Consent.provision
            p1; CLINTRCH; uni;    Observation;  2025-09-01T00:00:00Z; DENY;   B;  Consent.provision
            p1; HRESCH;   uni;    Observation;  2025-10-01T00:00:00Z; PERMIT; A;  Consent.provision
            p2; HRESCH;   uni;    Observation;  2025-06-01T00:00:00Z; PERMIT; ;   node default policy: opt-out for http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH
            p2; CLINTRCH; uni;    Observation;  2025-06-01T00:00:00Z; DENY;   ;   node default policy: opt-in for http://terminology.hl7.org/CodeSystem/v3-ActReason|CLINTRCH
            """)
    void decides(String patient, String purpose, String org, String type, String at, Effect effect, String consentId, String provision) {
        ConsentDecision d = ConsentEvaluator.decide(DIRECTIVES,
                new AccessRequest(patient, Purpose.parse(purpose), org, type, Instant.parse(at)), POLICY);
        assertThat(d.effect()).isEqualTo(effect);
        assertThat(d.consentId()).isEqualTo(consentId);
        assertThat(d.provision()).isEqualTo(provision);
    }

    @ParameterizedTest(name = "root {0}, nested permit for {1}: request by {2} -> {3}")
    @CsvSource(delimiter = ';', textBlock = """
            DENY;   uni;   uni;   PERMIT
            DENY;   uni;   other; DENY
            PERMIT; uni;   other; PERMIT
            """)
    void baseTypeAppliesAndNestedAreExceptions(Consent.ConsentProvisionType root, String nestedOrg, String requester, Effect expected) {
        Consent c = Consents.research("X", "p", "2020-01-01T00:00:00Z", root);
        actor(nested(c.getProvision(), PERMIT), nestedOrg);
        ConsentDecision d = ConsentEvaluator.decide(List.of(ConsentCompiler.compile(c).orElseThrow()),
                new AccessRequest("p", Purpose.HEALTHCARE_RESEARCH, requester, "Observation", Instant.parse("2025-01-01T00:00:00Z")),
                DefaultPolicy.optInEverywhere());
        assertThat(d.effect()).isEqualTo(expected);
        assertThat(d.consentId()).isEqualTo("X");
    }
}
