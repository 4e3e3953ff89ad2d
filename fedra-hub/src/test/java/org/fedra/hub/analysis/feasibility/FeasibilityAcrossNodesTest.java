package org.fedra.hub.analysis.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Release;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.api.StewardToken;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.consent.ConsentDecision;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feasibility end to end: a real hub and three real nodes with synthetic cohorts (250, 200 and 150 patients). Nodes
 * "city" and "rural" run the default policy (healthcare research from anyone, opt-in consent); "public-health" accepts
 * only public-health studies, so it declines every study here. Expected figures come from a direct count written in
 * this test: each query's meaning is coded by hand over the stored resources, and the node's consent engine is asked
 * per patient; then the disclosure rule (minimum cell 10, rounding to 10) is applied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeasibilityAcrossNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    private static final String LOINC = "http://loinc.org";
    private static final LocalDate REF = LocalDate.of(2026, 1, 1);
    private static final String ORG = "uni-research";

    /** A query and its meaning coded independently: true, false, or null for "cannot be decided". */
    record Case(String json, List<String> types, Function<List<Resource>, Boolean> meaning) {}

    static final Case HYPERTENSIVE_40_TO_80 = new Case(
            "{\"and\": [{\"condition\": {\"system\": \"" + ICD10 + "\", \"code\": \"I10\"}}, {\"age\": {\"min\": 40, \"max\": 80}}]}",
            List.of("Patient", "Condition"),
            rs -> hasCondition(rs, "I10") && age(rs) >= 40 && age(rs) <= 80);

    /** Over-65s with an HbA1c in December 2025 that is not above 6: many cannot be assessed. */
    static final Case OLD_WITH_NORMAL_HBA1C_IN_DECEMBER = new Case(
            "{\"and\": [{\"age\": {\"min\": 65}}, {\"observation\": {\"system\": \"" + LOINC + "\", \"code\": \"4548-4\", \"max\": 6, \"unit\": \"%\","
                    + " \"from\": \"2025-12-01\", \"to\": \"2025-12-31\"}}]}",
            List.of("Patient", "Observation"),
            rs -> {
                if (age(rs) < 65) return false;
                List<Double> v = hba1c(rs, LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 31));
                if (v.isEmpty()) return null;
                return v.stream().anyMatch(x -> x <= 6);
            });

    @TempDir
    static Path tmp;
    Hub hub;
    NodeAgent city;
    NodeAgent rural;
    NodeAgent publicHealth;
    final List<NodeAgent> nodes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        city = node("city", null, SiteProfile.cityUniversity(), 250);
        rural = node("rural", null, SiteProfile.ruralGeneral(), 200);
        publicHealth = node("public-health", "{\"acceptedPurposes\": [\"PUBHLTH\"]}", SiteProfile.heartCentre(), 150);
    }

    @AfterAll
    void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    void countsEqualADirectCountAfterTheSameDisclosureRuleAndTheDecliningNodeIsReported() throws Exception {
        Study s = study("Hypertension and glycaemia");
        JsonNode last = null;
        for (Case c : List.of(HYPERTENSIVE_40_TO_80, OLD_WITH_NORMAL_HBA1C_IN_DECEMBER)) {
            JsonNode out = feasibility(s.id(), c.json(), 200);
            last = out;

            assertThat(out.get("nodes")).extracting(n -> n.get("node").asText()).containsExactly(city.nodeId(), rural.nodeId());
            assertThat(out.get("notAnswered")).singleElement().satisfies(n -> {
                assertThat(n.get("node").asText()).isEqualTo(publicHealth.nodeId());
                assertThat(n.get("status").asText()).isEqualTo("excluded");
                assertThat(n.get("reason").asText()).startsWith("declined").contains("HRESCH");
            });
            Map<String, Long> totals = new TreeMap<>();
            for (NodeAgent n : List.of(city, rural)) {
                JsonNode released = nodeFigures(out, n);
                assertThat(released.get("minimumCellSize").asInt()).isEqualTo(10);
                assertThat(released.get("roundingBase").asInt()).isEqualTo(10);
                Map<FeasibilityCategory, List<String>> direct = directCount(n, c);
                for (Map.Entry<String, FeasibilityCategory> cat : categories().entrySet()) {
                    int exact = direct.get(cat.getValue()).size();
                    JsonNode fig = released.get("categories").get(cat.getKey());
                    if (exact < 10) {
                        // none and a few look the same (issue 18, finding 1)
                        assertThat(fig.get("status").asText()).as(n.nodeId() + " " + cat.getKey() + " of " + c.json()).isEqualTo("suppressed");
                        assertThat(fig.get("display").asText()).isEqualTo("<10");
                        assertThat(fig.has("count")).isFalse();
                    } else {
                        assertThat(fig.get("status").asText()).as(n.nodeId() + " " + cat.getKey()).isEqualTo("released");
                        assertThat(fig.get("count").asLong()).as(n.nodeId() + " " + cat.getKey() + " of " + c.json())
                                .isEqualTo(Math.round(exact / 10.0) * 10);
                        totals.merge(cat.getKey(), fig.get("count").asLong(), Long::sum);
                    }
                }
            }
            for (String cat : categories().keySet()) {
                assertThat(out.at("/totals/" + cat + "/count").asLong()).as("total " + cat).isEqualTo(totals.getOrDefault(cat, 0L));
            }
            assertThat(out.at("/guarantee/minimumCellSize").asInt()).isEqualTo(10);
            assertThat(out.at("/guarantee/statement").asText()).contains("never released");
        }
        // the data must exercise every category and the suppression rule, or this test proves little
        assertThat(directCount(city, HYPERTENSIVE_40_TO_80).get(FeasibilityCategory.USABLE)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(directCount(city, HYPERTENSIVE_40_TO_80).get(FeasibilityCategory.NEEDS_CONSENT)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(directCount(city, OLD_WITH_NORMAL_HBA1C_IN_DECEMBER).get(FeasibilityCategory.NOT_ASSESSABLE)).hasSizeGreaterThanOrEqualTo(10);

        List<Release> releases = hub.studies().releases(s.id());
        assertThat(releases).hasSize(2).allSatisfy(r -> assertThat(r.analysis()).isEqualTo("feasibility"));
        assertThat(JSON.readTree(releases.get(1).figures())).isEqualTo(last);
        assertThat(audit(city.dataDir(), "\"feasibility.released\"")).hasSize(2);
        assertThat(audit(publicHealth.dataDir(), "\"feasibility.released\"")).isEmpty();
        for (NodeAgent n : nodes) assertThat(AuditLog.verify(n.dataDir()).intact()).isTrue();
        assertThat(AuditLog.verify(tmp.resolve("hub")).intact()).isTrue();
    }

    @Test
    void badQueriesAreRefusedNamingThePartAndNothingIsSent() throws Exception {
        Study s = study("Bad queries");
        long before = feasibilityTasksSubmitted();
        assertThat(feasibility(s.id(), "{\"condition\": {\"system\": \"urn:made-up\", \"code\": \"X\"}}", 400).get("error").asText())
                .contains("$.condition.system").contains("unknown code system 'urn:made-up'");
        assertThat(feasibility(s.id(), "{\"and\": [{\"sex\": \"female\"}, {\"observation\": {\"system\": \"" + LOINC
                + "\", \"code\": \"4548-4\", \"min\": 9, \"max\": 6, \"unit\": \"%\"}}]}", 400).get("error").asText())
                .contains("$.and[1].observation").contains("impossible range: min 9.0 > max 6.0");
        assertThat(feasibility(s.id(), "{\"and\": {\"sex\": \"female\"}}", 400).get("error").asText()).contains("$.and").contains("must be an array");
        assertThat(call(hubUrl("/api/studies/" + s.id() + "/feasibility"), hub.operatorToken(), "POST", "{\"referenceDate\": \"2026-01-01\"}", 400)
                .get("error").asText()).contains("query");
        assertThat(call(hubUrl("/api/studies/no-such-study/feasibility"), hub.operatorToken(), "POST",
                "{\"query\": {\"sex\": \"female\"}}", 404).get("error").asText()).contains("no study no-such-study");
        assertThat(feasibilityTasksSubmitted()).isEqualTo(before);
        assertThat(hub.studies().releases(s.id())).isEmpty();
        // the count above does see feasibility tasks: a valid query sends one to each of the two participating nodes
        feasibility(s.id(), "{\"sex\": \"female\"}", 200);
        assertThat(feasibilityTasksSubmitted()).isEqualTo(before + 2);
        assertThat(hub.studies().releases(s.id())).hasSize(1);
    }

    @Test
    void consentGivenThroughTheInboxMovesPatientsToUsableForTheNextQuery() throws Exception {
        Study s = study("Consent in the loop");
        JsonNode first = feasibility(s.id(), HYPERTENSIVE_40_TO_80.json(), 200);
        Map<FeasibilityCategory, List<String>> before = directCount(city, HYPERTENSIVE_40_TO_80);
        List<String> asked = before.get(FeasibilityCategory.NEEDS_CONSENT).subList(0, 10);
        for (String p : asked) {
            String inbox = "/api/patients/" + URLEncoder.encode(identifier(city, p), StandardCharsets.UTF_8) + "/consent-requests";
            JsonNode requests = nodeApi(city, "GET", inbox, 200);
            JsonNode mine = null;
            for (JsonNode r : requests) if (r.get("study").asText().equals(s.id())) mine = r;
            assertThat(mine).as("request of " + s.id()).isNotNull();
            assertThat(mine.get("organisation").asText()).isEqualTo(ORG);
            assertThat(nodeApi(city, "POST", inbox + "/" + mine.get("id").asText() + "/accept", 200).get("status").asText()).isEqualTo("accepted");
            nodeApi(city, "POST", inbox + "/" + mine.get("id").asText() + "/accept", 409);
        }
        Map<FeasibilityCategory, List<String>> after = directCount(city, HYPERTENSIVE_40_TO_80);
        assertThat(after.get(FeasibilityCategory.USABLE)).containsAll(asked).hasSize(before.get(FeasibilityCategory.USABLE).size() + 10);

        JsonNode second = feasibility(s.id(), HYPERTENSIVE_40_TO_80.json(), 200);
        JsonNode c1 = nodeFigures(first, city).get("categories");
        JsonNode c2 = nodeFigures(second, city).get("categories");
        assertThat(c2.at("/usable/count").asLong()).isEqualTo(Math.round(after.get(FeasibilityCategory.USABLE).size() / 10.0) * 10)
                .isEqualTo(c1.at("/usable/count").asLong() + 10);
        assertThat(c2.at("/needsConsent/count").asLong()).isEqualTo(c1.at("/needsConsent/count").asLong() - 10);
        for (String p : asked) {
            assertThat(city.dataLayer().rights().accessLog(p)).extracting(e -> e.studyId()).containsExactly(s.id());
        }
        assertThat(audit(city.dataDir(), "\"patient.consent-granted\"")).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void aPairOfQueriesThatIsolatesAFewPatientsIsRefusedForDifferencing() throws Exception {
        Study s = study("Differencing");
        String broad = "{\"age\": {\"min\": 18}}";
        int all = directCount(city, new Case(broad, List.of("Patient"), rs -> age(rs) >= 18)).get(FeasibilityCategory.USABLE).size();
        String narrow = null;
        for (int max = 110; max > 18 && narrow == null; max--) {
            int bound = max;
            int left = all - directCount(city, new Case("", List.of("Patient"), rs -> age(rs) >= 18 && age(rs) <= bound)).get(FeasibilityCategory.USABLE).size();
            if (left > 0 && left < 10) narrow = "{\"age\": {\"min\": 18, \"max\": " + max + "}}";
        }
        assertThat(narrow).as("some usable patient is older than the others").isNotNull();
        assertThat(nodeFigures(feasibility(s.id(), broad, 200), city).at("/categories/usable/status").asText()).isEqualTo("released");
        JsonNode second = feasibility(s.id(), narrow, 200);
        JsonNode usable = nodeFigures(second, city).at("/categories/usable");
        assertThat(usable.get("status").asText()).isEqualTo("refused");
        assertThat(usable.get("reason").asText()).startsWith("differencing");
        assertThat(usable.has("count")).isFalse();
        assertThat(second.at("/totals/usable/complete").asBoolean()).isFalse();
        assertThat(audit(city.dataDir(), "usable refused (differencing)")).hasSize(1);
    }

    // --- the direct count -------------------------------------------------------------------------------------

    private static Map<String, FeasibilityCategory> categories() {
        Map<String, FeasibilityCategory> m = new java.util.LinkedHashMap<>();
        m.put("usable", FeasibilityCategory.USABLE);
        m.put("needsConsent", FeasibilityCategory.NEEDS_CONSENT);
        m.put("notAssessable", FeasibilityCategory.NOT_ASSESSABLE);
        return m;
    }

    private static Map<FeasibilityCategory, List<String>> directCount(NodeAgent node, Case c) {
        Map<String, List<Resource>> byPatient = new TreeMap<>();
        for (String type : List.of("Patient", "Condition", "Observation")) {
            for (StoredResource r : node.dataLayer().store().ofType(type)) {
                if (type.equals("Patient")) byPatient.computeIfAbsent(r.patientId(), k -> new ArrayList<>()).add(0, r.resource());
                else if (byPatient.containsKey(r.patientId())) byPatient.get(r.patientId()).add(r.resource());
            }
        }
        Instant now = Instant.now();
        Map<FeasibilityCategory, List<String>> out = new EnumMap<>(FeasibilityCategory.class);
        for (FeasibilityCategory cat : FeasibilityCategory.values()) out.put(cat, new ArrayList<>());
        for (Map.Entry<String, List<Resource>> e : byPatient.entrySet()) {
            Boolean matches = c.meaning().apply(e.getValue());
            boolean allPermitted = true;
            boolean explicitDeny = false;
            for (String type : c.types()) {
                ConsentDecision d = node.dataLayer().consentEngine().decide(e.getKey(), Purpose.HEALTHCARE_RESEARCH, ORG, type, now);
                allPermitted &= d.permitted();
                explicitDeny |= !d.permitted() && d.consentId() != null;
            }
            if (matches == null) {
                out.get(FeasibilityCategory.NOT_ASSESSABLE).add(e.getKey());
            } else if (matches) {
                out.get(allPermitted ? FeasibilityCategory.USABLE : explicitDeny ? FeasibilityCategory.REFUSED : FeasibilityCategory.NEEDS_CONSENT).add(e.getKey());
            }
        }
        return out;
    }

    private static boolean hasCondition(List<Resource> rs, String code) {
        for (Resource r : rs) {
            if (r instanceof Condition c) {
                for (var coding : c.getCode().getCoding()) {
                    if (ICD10.equals(coding.getSystem()) && code.equals(coding.getCode())) return true;
                }
            }
        }
        return false;
    }

    private static int age(List<Resource> rs) {
        var b = ((Patient) rs.get(0)).getBirthDateElement();
        return Period.between(LocalDate.of(b.getYear(), b.getMonth() + 1, b.getDay()), REF).getYears();
    }

    private static List<Double> hba1c(List<Resource> rs, LocalDate from, LocalDate to) {
        List<Double> out = new ArrayList<>();
        for (Resource r : rs) {
            if (r instanceof Observation o && LOINC.equals(o.getCode().getCodingFirstRep().getSystem())
                    && "4548-4".equals(o.getCode().getCodingFirstRep().getCode())) {
                LocalDate day = o.getEffectiveDateTimeType().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
                if (!day.isBefore(from) && !day.isAfter(to)) out.add(o.getValueQuantity().getValue().doubleValue());
            }
        }
        return out;
    }

    // --- plumbing ---------------------------------------------------------------------------------------------

    private NodeAgent node(String name, String policy, SiteProfile site, int patients) throws Exception {
        Path dir = tmp.resolve("node-" + name);
        if (policy != null) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("node-policy.json"), policy);
        }
        NodeAgent n = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital " + name, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns());
        nodes.add(n);
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(
                new SyntheticCohort(site, name.hashCode(), REF.minusDays(1)).nextBundle(patients));
        assertThat(n.dataLayer().fhirImporter().importBundle(new StringReader(bundle), name).problems()).isEmpty();
        return n;
    }

    private Study study(String title) {
        return hub.studies().create(new StudyRequest(title, Purpose.HEALTHCARE_RESEARCH, ORG,
                nodes.stream().map(NodeAgent::nodeId).toList(), Set.of("feasibility"), true));
    }

    private JsonNode feasibility(String study, String query, int status) throws Exception {
        return call(hubUrl("/api/studies/" + study + "/feasibility"), hub.operatorToken(), "POST",
                "{\"query\": " + query + ", \"referenceDate\": \"" + REF + "\"}", status);
    }

    private static JsonNode nodeFigures(JsonNode out, NodeAgent n) {
        for (JsonNode x : out.get("nodes")) if (x.get("node").asText().equals(n.nodeId())) return x;
        throw new AssertionError("no figures of " + n.nodeId() + " in " + out);
    }

    private long feasibilityTasksSubmitted() throws Exception {
        return audit(tmp.resolve("hub"), "\"task.submitted\"").stream().filter(l -> l.contains("type feasibility")).count();
    }

    private static String identifier(NodeAgent n, String patientId) {
        Patient p = (Patient) n.dataLayer().rights().export(patientId).getEntry().stream()
                .filter(e -> e.getResource() instanceof Patient).findFirst().orElseThrow().getResource();
        return p.getIdentifierFirstRep().getSystem() + "|" + p.getIdentifierFirstRep().getValue();
    }

    private String hubUrl(String path) {
        return "http://127.0.0.1:" + hub.httpPort() + path;
    }

    private JsonNode nodeApi(NodeAgent n, String method, String path, int status) throws Exception {
        return call("http://127.0.0.1:" + n.apiPort() + path, Files.readString(n.dataDir().resolve(StewardToken.FILE)).strip(), method, null, status);
    }

    private JsonNode call(String url, String token, String method, String body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + " -> " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static List<String> audit(Path dir, String action) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
