package org.fedra.node.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steward's policy file: defaults without it, and a damaged file refused with the field named. */
class NodePolicyTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileTheNodeAcceptsResearchAndPublicHealthFromAnyoneWithoutApproval() {
        NodePolicy p = NodePolicy.load(dir);
        assertThat(p.acceptedPurposes()).containsExactlyInAnyOrder(Purpose.HEALTHCARE_RESEARCH, Purpose.PUBLIC_HEALTH);
        assertThat(p.acceptsOrganisation("anyone")).isTrue();
        assertThat(p.stewardApproval()).isFalse();
        assertThat(p.acceptedAnalyses()).isEqualTo(Analyses.ALL);
    }

    @Test
    void aPolicyFileRestrictsOrganisationsAndAnalyses() throws Exception {
        Files.writeString(dir.resolve(NodePolicy.FILE), "{\"acceptedPurposes\": [\"CLINTRCH\"], \"acceptedOrganisations\": [\"uni-a\"], "
                + "\"acceptedAnalyses\": [\"feasibility\"], \"minimumSecurityIndex\": 70, \"stewardApproval\": true}");
        NodePolicy p = NodePolicy.load(dir);
        assertThat(p.acceptedPurposes()).containsExactly(Purpose.CLINICAL_TRIAL_RESEARCH);
        assertThat(p.acceptsOrganisation("uni-a")).isTrue();
        assertThat(p.acceptsOrganisation("pharma-co")).isFalse();
        assertThat(p.acceptedAnalyses()).containsExactly("feasibility");
        assertThat(p.minimumSecurityIndex()).isEqualTo(70);
        assertThat(p.stewardApproval()).isTrue();
        assertThat(p.consentDefaults().modeFor(Purpose.HEALTHCARE_RESEARCH)).isEqualTo(DefaultPolicy.Mode.OPT_IN);
    }

    @Test
    void consentDefaultsArePerPurposeWithAFallback() throws Exception {
        Files.writeString(dir.resolve(NodePolicy.FILE), "{\"consentDefaults\": {\"HRESCH\": \"opt-out\", \"*\": \"opt-in\"}}");
        DefaultPolicy d = NodePolicy.load(dir).consentDefaults();
        assertThat(d.modeFor(Purpose.HEALTHCARE_RESEARCH)).isEqualTo(DefaultPolicy.Mode.OPT_OUT);
        assertThat(d.modeFor(Purpose.COMMERCIAL)).isEqualTo(DefaultPolicy.Mode.OPT_IN);
        assertThat(NodePolicy.load(dir).acceptedPurposes()).contains(Purpose.HEALTHCARE_RESEARCH);
    }

    @Test
    void repeatStudyApprovalIsOffByDefaultReadStrictlyAndWrittenOutWithTheQueryBudget() throws Exception {
        assertThat(NodePolicy.load(dir).repeatStudyApproval()).isFalse();
        assertThat(NodePolicy.load(dir).toJson().get("repeatStudyApproval").asBoolean()).isFalse();
        Files.writeString(dir.resolve(NodePolicy.FILE), "{\"repeatStudyApproval\": true, \"queryBudget\": 50}");
        NodePolicy p = NodePolicy.load(dir);
        assertThat(p.repeatStudyApproval()).isTrue();
        assertThat(p.toJson().get("repeatStudyApproval").asBoolean()).isTrue();
        assertThat(p.toJson().get("queryBudget").asInt()).isEqualTo(50);
        assertThat(NodePolicy.parse(p.toJson())).isEqualTo(p); // what policy show prints reads back as the same policy
        assertRefused("{\"repeatStudyApproval\": \"yes\"}", "repeatStudyApproval must be true or false, not \"yes\"");
        assertRefused("{\"repeatStudyApproval\": 1}", "repeatStudyApproval must be true or false, not 1");
    }

    @Test
    void aDamagedPolicyIsRefusedNamingTheField() throws Exception {
        assertRefused("{\"acceptedAnalyses\": [\"mining\"]}", "unknown analysis \"mining\"");
        assertRefused("{\"minimumSecurityIndex\": 300}", "minimumSecurityIndex must be between 0 and 100");
        assertRefused("{\"stewardApproval\": \"yes\"}", "stewardApproval must be true or false");
        assertRefused("{\"acceptedOrganisations\": \"uni-a\"}", "acceptedOrganisations must be an array");
        assertRefused("{\"acceptedPurposes\": [\"\"]}", "acceptedPurposes[0] must be a non-empty string");
        assertRefused("{\"approval\": true}", "unknown field \"approval\"");
        assertRefused("{not json", "is not valid JSON");
        assertRefused("{\"consentDefaults\": {\"HRESCH\": \"maybe\"}}", "consentDefaults.HRESCH must be \"opt-in\" or \"opt-out\"");
        assertRefused("{\"consentDefaults\": [\"opt-out\"]}", "consentDefaults must be an object");
    }

    @Test
    void aProposalOutsideThePolicyIsDeclinedWithTheReason() {
        NodePolicy p = new NodePolicy(Set.of(Purpose.HEALTHCARE_RESEARCH), Set.of("uni-a"), Set.of("feasibility", "statistics"), 0.5, false,
                DefaultPolicy.optInEverywhere());
        assertThat(ContractBookDecisions.refusal(p, proposal(Purpose.COMMERCIAL, "uni-a", Set.of("feasibility"), 0.9))).contains("purpose").contains("HMARKT");
        assertThat(ContractBookDecisions.refusal(p, proposal(Purpose.HEALTHCARE_RESEARCH, "pharma-co", Set.of("feasibility"), 0.9))).contains("organisation pharma-co");
        assertThat(ContractBookDecisions.refusal(p, proposal(Purpose.HEALTHCARE_RESEARCH, "uni-a", Set.of("linkage"), 0.9))).contains("[linkage]");
        assertThat(ContractBookDecisions.refusal(p, proposal(Purpose.HEALTHCARE_RESEARCH, "uni-a", Set.of("feasibility"), null))).contains("assessed none");
        assertThat(ContractBookDecisions.refusal(p, proposal(Purpose.HEALTHCARE_RESEARCH, "uni-a", Set.of("feasibility"), 0.4))).contains("below the node's minimum");
        assertThat(ContractBookDecisions.refusal(p, proposal(Purpose.HEALTHCARE_RESEARCH, "uni-a", Set.of("feasibility", "statistics"), 0.5))).isNull();
    }

    private static ContractProposal proposal(Purpose purpose, String org, Set<String> analyses, Double index) {
        return new ContractProposal("study-1", "t", purpose, org, analyses, index);
    }

    private void assertRefused(String json, String message) throws Exception {
        Files.writeString(dir.resolve(NodePolicy.FILE), json);
        assertThatThrownBy(() -> NodePolicy.load(dir)).isInstanceOf(CorruptFileException.class).hasMessageContaining(message)
                .hasMessageContaining(NodePolicy.FILE);
    }
}
