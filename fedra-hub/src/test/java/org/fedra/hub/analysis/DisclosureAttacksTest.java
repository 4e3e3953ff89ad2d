package org.fedra.hub.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fedra.hub.HeartDiseaseNodes;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.job.JobRequest;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.pipeline.ReleaseLedger;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, findings 1 to 3, performed as the issue describes them against a real hub and three real nodes over mutual
 * TLS holding the UCI heart-disease sites Cleveland, Hungarian and VA (every patient consents to research), with an
 * ordinary researcher's access. Each attack now fails to learn what it learnt before. Every test asks as its own
 * organisation, so the organisations' ledgers and budgets do not mix. The Cleveland node's policy gives every
 * organisation a query budget of {@value #BUDGET}.
 */
class DisclosureAttacksTest {
    static final String LOINC = "http://loinc.org";
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    static final int BUDGET = 12;
    /** Cleveland's first row: 63 years, male, cholesterol 233; maximum heart rate 150, no heart disease. */
    static final String TARGET = "{\"and\": [{\"sex\": \"male\"}, " + observation(LOINC, "30525-0", 63, 63, "a") + ", "
            + observation(LOINC, "2093-3", 233, 233, "mg/dL") + "]}";
    static final int TARGET_HEART_RATE = 150;

    @TempDir
    static Path tmp;
    static Hub hub;
    static final Map<String, NodeAgent> nodes = new LinkedHashMap<>();

    @BeforeAll
    static void startFederation() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        Path cleveland = Files.createDirectories(tmp.resolve("node-cleveland"));
        Files.writeString(cleveland.resolve("node-policy.json"), "{\"queryBudget\": " + BUDGET + "}");
        for (String site : List.of("cleveland", "hungarian", "va")) {
            nodes.put(site, HeartDiseaseNodes.start(hub, tmp.resolve("node-" + site), site));
        }
    }

    @AfterAll
    static void stop() {
        nodes.values().forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    /**
     * Finding 1: eight feasibility queries narrowing a heart-rate range for "age 63, male, cholesterol 233" used to
     * recover the patient's maximum heart rate, because 0 and "suppressed" answered differently. Now every answer is
     * "<10", whether the range holds the patient or not, every query is charged to the organisation's budget, and
     * when the budget is spent the node refuses with a typed failure.
     */
    @Test
    void narrowingQueriesForOnePatientsHeartRateLearnNothingAndSpendTheBudget() throws Exception {
        String org = "attack-one";
        Study s = study(org, "Heart rate by binary search", Set.of("feasibility"), "cleveland", "hungarian");
        NodeAgent cleveland = nodes.get("cleveland");
        double low = 60;
        double high = 210;
        Set<String> answers = new TreeSet<>();
        List<Boolean> truth = new ArrayList<>();
        for (int query = 0; query < 8; query++) {
            double mid = Math.floor((low + high) / 2);
            String q = "{\"and\": [" + TARGET + ", " + observation(LOINC, "8867-4", low, mid, "/min") + "]}";
            JsonNode figure = figures(feasibility(s, org, q), cleveland).path("categories").path("usable");
            answers.add(figure.toString());
            boolean inRange = TARGET_HEART_RATE >= low && TARGET_HEART_RATE <= mid;
            truth.add(inRange);
            // the attacker follows the answer: had it told 1 from 0, this would home in on 150
            if (figure.path("status").asText().equals("released") && figure.path("count").asLong() > 0) high = mid; else low = mid + 1;
        }
        // the ranges did and did not hold the patient (1 and 0 patients), yet every answer was the same "<10"
        assertThat(truth).contains(true, false);
        assertThat(answers).singleElement().satisfies(a -> {
            JsonNode f = JsonCodec.tree(a);
            assertThat(f.get("status").asText()).isEqualTo("suppressed");
            assertThat(f.get("display").asText()).isEqualTo("<10");
            assertThat(f.has("count")).isFalse();
        });
        // the search ended nowhere near the patient's value
        assertThat(low).isGreaterThan(TARGET_HEART_RATE);

        // every query counted: 8 of the budget of 12, suppressed answers included
        ReleaseLedger ledger = ledger(cleveland);
        assertThat(ledger.budget(org).used()).isEqualTo(8);
        assertThat(ledger.outcomes(org)).containsEntry("suppressed", 8 * 3);
        for (int query = 8; query < BUDGET; query++) {
            assertThat(figures(feasibility(s, org, "{\"sex\": \"male\"}"), cleveland).isMissingNode()).isFalse();
        }
        assertThat(ledger.budget(org).used()).isEqualTo(BUDGET);
        assertThat(ledger.budget(org).remaining()).isZero();
        // the thirteenth is refused, typed, naming the budget; the other node still answers
        JsonNode spent = feasibility(s, org, "{\"sex\": \"female\"}");
        assertThat(figures(spent, cleveland).isMissingNode()).isTrue();
        JsonNode refusal = notAnswered(spent, cleveland);
        assertThat(refusal.get("status").asText()).isEqualTo("failed");
        assertThat(refusal.get("reason").asText()).contains("query budget of organisation attack-one", "spent (12 of 12");
        assertThat(figures(spent, nodes.get("hungarian")).isMissingNode()).isFalse();
        assertThat(ledger.budget(org).used()).isEqualTo(BUDGET);
        // another organisation's budget is its own
        assertThat(ledger.budget("attack-two").used()).isLessThan(BUDGET);
    }

    /**
     * Finding 2: "all males minus the target patient", refused in study S after "all males", was released in a new
     * study S2 of the same organisation. Now the ledger is the organisation's: refused in S2 as well. And a refusal
     * does not tell that the difference was small: "all males minus a patient who does not exist" (a difference of
     * none) is refused in just the same words.
     */
    @Test
    void allMalesMinusTheTargetRefusedInOneStudyStaysRefusedInTheNext() throws Exception {
        String org = "attack-two";
        NodeAgent cleveland = nodes.get("cleveland");
        String males = "{\"sex\": \"male\"}";
        String malesMinusTarget = "{\"and\": [" + males + ", {\"not\": " + TARGET + "}]}";
        String malesMinusNobody = "{\"and\": [" + males + ", {\"not\": {\"and\": [" + observation(LOINC, "30525-0", 63, 63, "a") + ", "
                + observation(LOINC, "2093-3", 999, 999, "mg/dL") + "]}}]}";

        Study s = study(org, "Men", Set.of("feasibility"), "cleveland", "hungarian");
        JsonNode all = figures(feasibility(s, org, males), cleveland).at("/categories/usable");
        assertThat(all.get("status").asText()).isEqualTo("released");
        assertThat(all.get("count").asLong()).isEqualTo(210); // 206 men, rounded to 10
        JsonNode minusTarget = figures(feasibility(s, org, malesMinusTarget), cleveland).at("/categories/usable");
        assertThat(minusTarget.get("status").asText()).isEqualTo("refused");

        Study s2 = study(org, "Men, again", Set.of("feasibility"), "cleveland", "hungarian");
        JsonNode again = figures(feasibility(s2, org, malesMinusTarget), cleveland).at("/categories/usable");
        assertThat(again.get("status").asText()).isEqualTo("refused");
        assertThat(again.has("count")).isFalse();
        assertThat(again.get("display").asText()).isEqualTo("withheld");

        JsonNode minusNobody = figures(feasibility(s2, org, malesMinusNobody), cleveland).at("/categories/usable");
        assertThat(minusNobody).isEqualTo(again);
        assertThat(again.get("reason").asText()).doesNotContainPattern("\\d+ (records|patients)");
        // asking the first question again, in the new study, gives the same figure: nothing new is learnt
        assertThat(figures(feasibility(s2, org, males), cleveland).at("/categories/usable/count").asLong()).isEqualTo(210);
    }

    /**
     * Finding 3: statistics of studies {A,B,C}, {A,C} and {A,B} were subtracted into one node's exact n = 3, sum 0
     * and sum of squares 0 (Hungarian has 3 values of "ca", all 0). Now a node with fewer than its minimum of usable
     * patients contributes zeros, so the subtraction gives that node nothing (the same as a node with none); and the
     * released mean and variance are rounded to a step fixed by the released count, so the exact n cannot be worked
     * back from "mean times n is a whole number".
     */
    @Test
    void statisticsDifferencedAcrossStudiesNoLongerGiveASmallNodesExactCountAndSums() throws Exception {
        String org = "attack-three";
        ObjectNode spec = JsonCodec.object();
        spec.putObject("variable").put("name", "ca").put("system", LOCAL).put("code", "ca");
        JsonNode abc = statistics(study(org, "ca, all", Set.of("statistics"), "cleveland", "hungarian", "va"), org, spec);
        JsonNode ac = statistics(study(org, "ca, without Hungarian", Set.of("statistics"), "cleveland", "va"), org, spec);
        JsonNode ab = statistics(study(org, "ca, without VA", Set.of("statistics"), "cleveland", "hungarian"), org, spec);

        // Cleveland 303 values of ca; Hungarian 3 and VA 2 are below the minimum of 10: both contribute zeros
        for (JsonNode r : List.of(abc, ac, ab)) {
            assertThat(r.get("count").asLong()).isEqualTo(305);
            assertThat(r.get("mean").asDouble()).isEqualTo(0.7); // exactly 0.6722... over 303; step 0.1 at 305
            assertThat(r.get("variance").asDouble()).isEqualTo(0.9);
        }
        // the attacker's subtraction: every figure is the same, so Hungarian's n, sum and sum of squares come out 0, as
        // for a node with no patient at all - not 3, 0, 0
        for (String f : List.of("count", "mean", "variance", "sd")) {
            assertThat(abc.get(f)).as(f).isEqualTo(ac.get(f));
            assertThat(abc.get(f)).as(f).isEqualTo(ab.get(f));
        }
        // the exact n from the rounded count: the n in 303..307 for which mean * n is a whole number (values are whole)
        List<Long> candidates = new ArrayList<>();
        for (long n = 303; n <= 307; n++) {
            double sum = abc.get("mean").asDouble() * n;
            if (Math.abs(sum - Math.rint(sum)) < 1e-6) candidates.add(n);
        }
        // (with the exact mean there was exactly one, 303; now the true n is not even among them)
        assertThat(candidates).doesNotContain(303L);
        for (String site : List.of("hungarian", "va")) {
            assertThat(ledger(nodes.get(site)).outcomes(org)).as(site).containsEntry("withheld", 2);
        }
        assertThat(ledger(nodes.get("cleveland")).outcomes(org)).containsEntry("released", 3);
        assertThat(abc.at("/guarantee/perNodeMinimum").asText()).contains("contributes zeros");
    }

    static Study study(String org, String title, Set<String> analyses, String... sites) {
        List<String> ids = new ArrayList<>();
        for (String site : sites) ids.add(nodes.get(site).nodeId());
        Study s = hub.studies().create(new StudyRequest(title, Purpose.HEALTHCARE_RESEARCH, org, ids, analyses, true));
        assertThat(s.acceptedNodes()).hasSize(sites.length);
        return s;
    }

    static JsonNode feasibility(Study s, String org, String query) {
        ObjectNode body = JsonCodec.object().put("referenceDate", "2026-01-01");
        body.set("query", JsonCodec.tree(query));
        return hub.jobs().run(JobRequest.of(s.id(), "feasibility", body, Principal.researcher(org)), Duration.ofMinutes(2));
    }

    static JsonNode statistics(Study s, String org, JsonNode spec) {
        return hub.jobs().run(JobRequest.of(s.id(), "statistics", spec, Principal.researcher(org)), Duration.ofMinutes(2));
    }

    static JsonNode figures(JsonNode report, NodeAgent node) {
        for (JsonNode n : report.path("nodes")) {
            if (n.path("node").asText().equals(node.nodeId())) return n;
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static JsonNode notAnswered(JsonNode report, NodeAgent node) {
        for (JsonNode n : report.path("notAnswered")) {
            if (n.path("node").asText().equals(node.nodeId())) return n;
        }
        throw new AssertionError(node.nodeId() + " answered: " + report);
    }

    static ReleaseLedger ledger(NodeAgent node) {
        return TaskPipeline.ledger(node.dataLayer().store().dataSource(), Clock.systemUTC(), node.dataDir());
    }

    static String observation(String system, String code, double min, double max, String unit) {
        return "{\"observation\": {\"system\": \"" + system + "\", \"code\": \"" + code + "\", \"min\": " + min + ", \"max\": " + max
                + ", \"unit\": \"" + unit + "\"}}";
    }
}
