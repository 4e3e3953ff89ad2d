package org.fedra.hub.analysis.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.TaskDispatcher;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.job.JobRequest;
import org.fedra.protocol.audit.Principal;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.study.Release;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.linkage.LinkageSettings;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.privacy.ristretto.RistrettoElement;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record linkage by PSI across a real hub and real nodes holding generated hospitals whose patients carry national
 * numbers from overlapping ranges, so the true overlap is known.
 */
class RecordLinkageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_BASE64 = Base64.getEncoder().encodeToString(
            "the federation's shared linkage key, 32+ bytes".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path tmp;
    Hub hub;
    final List<NodeAgent> nodes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startHub() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    /** Every patient consents to research: a profile of the city hospital with all consents permitting. */
    private static SiteProfile allConsenting(String name) {
        SiteProfile p = SiteProfile.cityUniversity();
        return new SiteProfile(name, p.meanAge(), p.sdAge(), p.femaleShare(), p.diabetes(), p.hypertension(), p.coronaryDisease(),
                p.copd(), p.kidneyDisease(), p.meanEncounters(), p.inpatientShare(), 1.0, 0.0);
    }

    @Test
    void twoHospitalsOf300And400PatientsSharingExactly120() throws Exception {
        NodeAgent a = node("a", true);
        NodeAgent b = node("b", true);
        load(a, allConsenting("hospital-a"), 300, 1, 300);
        load(b, allConsenting("hospital-b"), 400, 181, 580);
        Study study = study(a, b);

        JsonNode released = hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{}", 200);
        JsonNode figures = released.get("figures");
        assertThat(released.get("countedBy").asText()).isEqualTo(a.nodeId());
        assertThat(counts(figures.get("nodes"))).containsExactly(300L, 400L);
        assertThat(figures.get("overlaps")).hasSize(1);
        assertThat(figures.get("overlaps").get(0).get("count").asLong()).isEqualTo(120);
        assertThat(figures.get("distinctPatients").get("count").asLong()).isEqualTo(580);
        assertThat(released.get("excluded")).isEmpty();
        assertThat(released.get("guarantee").asText()).contains("counts once").contains("never an identifier");

        // recorded with the study before it was returned, exactly as returned
        List<Release> releases = hub.studies().releases(study.id());
        assertThat(releases).singleElement().satisfies(r -> {
            assertThat(r.analysis()).isEqualTo("linkage");
            assertThat(JSON.readTree(r.figures())).isEqualTo(released);
            assertThat(r.summary()).contains("distinct patients 580");
        });
        // each node audited what it sent, sizes only
        assertThat(audit(a, "linkage.blinded")).singleElement().asString().contains("300 blinded linkage identifiers")
                .contains("300 consented patients");
        assertThat(audit(b, "linkage.blinded")).singleElement().asString().contains("400 blinded linkage identifiers");
        assertThat(audit(a, "linkage.reblinded")).singleElement().asString().contains("masked for transit").contains(b.nodeId());
        assertThat(audit(b, "linkage.reblinded")).singleElement().asString().contains("re-blinded").contains(a.nodeId());
        assertThat(audit(a, "linkage.counted")).singleElement().asString().contains("\\\"count\\\":120");
        for (NodeAgent n : nodes) {
            assertThat(audit(n, "linkage.")).noneMatch(l -> l.matches(".*MRN\\d{7}.*") || l.matches(".*\\b0000001[0-9]{2}\\b.*"));
            assertThat(AuditLog.verify(n.dataDir()).intact()).isTrue();
        }
        // the counting node may be the other one: the same figures
        JsonNode again = hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{\"countingNode\": \"" + b.nodeId() + "\"}", 200);
        assertThat(again.get("countedBy").asText()).isEqualTo(b.nodeId());
        assertThat(again.get("figures").get("overlaps").get(0).get("count").asLong()).isEqualTo(120);
        assertThat(again.get("figures").get("distinctPatients").get("count").asLong()).isEqualTo(580);

        // ten shared patients withdraw their consent at hospital B: the next linkage no longer counts them there
        for (int i = 181; i < 191; i++) {
            String patient = b.dataLayer().rights().findPatient(SyntheticCohort.NATIONAL_ID_SYSTEM + "|" + SyntheticCohort.nationalId(i)).orElseThrow();
            b.dataLayer().rights().withdraw(patient);
        }
        JsonNode after = hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{}", 200).get("figures");
        assertThat(counts(after.get("nodes"))).containsExactly(300L, 390L);
        assertThat(after.get("overlaps").get(0).get("count").asLong()).isEqualTo(110);
        assertThat(after.get("distinctPatients").get("count").asLong()).isEqualTo(580); // they are still A's patients
        assertThat(hub.studies().releases(study.id())).hasSize(3);
    }

    @Test
    void theHubRelaysOnlyBlindedValuesItCannotCompare() throws Exception {
        NodeAgent a = node("a", true);
        NodeAgent b = node("b", true);
        load(a, allConsenting("hospital-a"), 300, 1, 300);
        load(b, allConsenting("hospital-b"), 400, 181, 580);
        Study study = study(a, b);
        List<byte[]> passedThrough = Collections.synchronizedList(new ArrayList<>());
        TaskDispatcher.TaskObserver recording = new TaskDispatcher.TaskObserver() {
            @Override
            public void sent(TaskRequest r) {
                passedThrough.add(r.payload());
            }

            @Override
            public void outcome(TaskRequest r, TaskOutcome o) {
                passedThrough.add(o.result());
            }
        };
        JsonNode figures;
        try (AutoCloseable watching = hub.tasks().observe(recording)) {
            figures = hub.jobs().run(JobRequest.of(study.id(), "linkage", JSON.createObjectNode(), Principal.operator("")), Duration.ofMinutes(5));
        }
        LinkageResult result = new LinkageResult(study.id(), figures.get("job").asText(), List.of(), Map.of(), figures.get("countedBy").asText(),
                (com.fasterxml.jackson.databind.node.ObjectNode) figures, -1);
        assertThat(result.figures().get("figures").get("overlaps").get(0).get("count").asLong()).isEqualTo(120);
        assertThat(passedThrough.size()).isEqualTo(1 + 2 + 2 * 2 + 2); // blind (1 request, 2 results), 2 re-blinds, 1 count

        // no identifier, in clear, keyed-hashed or hashed into the group, ever passed through the hub
        byte[] key = Base64.getDecoder().decode(KEY_BASE64);
        Set<ByteBuffer> hashed = new HashSet<>();
        Set<ByteBuffer> macPrefixes = new HashSet<>();
        List<String> identifiers = new ArrayList<>();
        for (int i = 1; i <= 580; i++) {
            String id = SyntheticCohort.nationalId(i);
            identifiers.add(id);
            byte[] mac = hmac(key, id);
            hashed.add(ByteBuffer.wrap(RistrettoElement.fromUniformBytes(mac).encode()));
            macPrefixes.add(ByteBuffer.wrap(java.util.Arrays.copyOf(mac, 32)));
        }
        List<Set<ByteBuffer>> sets = new ArrayList<>();
        for (byte[] message : passedThrough) {
            String text = new String(message, StandardCharsets.UTF_8);
            assertThat(identifiers).noneMatch(text::contains);
            // a record number is MRN and seven digits; "MRN" alone turns up in base64 of random group elements
            assertThat(text).doesNotContainPattern("MRN\\d{7}");
            for (String elements : elementFields(JSON.readTree(message))) {
                Set<ByteBuffer> set = new HashSet<>();
                byte[] all = Base64.getDecoder().decode(elements);
                for (int k = 0; k < all.length; k += 32) {
                    ByteBuffer e = ByteBuffer.wrap(java.util.Arrays.copyOfRange(all, k, k + 32));
                    assertThat(hashed).doesNotContain(e);
                    assertThat(macPrefixes).doesNotContain(e);
                    set.add(e);
                }
                sets.add(set);
            }
        }
        // blind results (2), each re-blind's request and result (4), the count request (2 sets): 8 sets, pairwise disjoint
        assertThat(sets).hasSize(8);
        for (int i = 0; i < sets.size(); i++) {
            for (int j = i + 1; j < sets.size(); j++) {
                if (sets.get(i).equals(sets.get(j))) {
                    continue; // the same set relayed on (a result forwarded as the next request)
                }
                Set<ByteBuffer> common = new HashSet<>(sets.get(i));
                common.retainAll(sets.get(j));
                assertThat(common).as("sets %d and %d held by the hub", i, j).isEmpty();
            }
        }
        assertThat(sets).allSatisfy(s -> assertThat(s.size()).isIn(300, 400));
        assertThat(new HashSet<>(sets)).hasSize(4); // a's blinded, b's blinded, b's masked by a, a's re-blinded by b
    }

    @Test
    void threeHospitalsGiveTheExactUnionAndRespectConsent() throws Exception {
        NodeAgent a = node("a", true);
        NodeAgent b = node("b", true);
        NodeAgent c = node("c", true);
        load(a, allConsenting("hospital-a"), 300, 1, 300);
        load(b, allConsenting("hospital-b"), 400, 201, 600);
        // the heart centre's patients answered the consent question as they like: count its consented ones independently
        SiteProfile heart = SiteProfile.heartCentre().withName("hospital-c");
        Set<Long> consentedC = load(c, heart, 250, 551, 800);
        assertThat(consentedC).hasSize(108); // of 250 (seeded); 21 of them numbered 551..600, also at B
        Study study = study(a, b, c);

        JsonNode released = hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{\"countingNode\": \"" + b.nodeId() + "\"}", 200);
        JsonNode figures = released.get("figures");
        assertThat(released.get("countedBy").asText()).isEqualTo(b.nodeId());
        long bc = consentedC.stream().filter(n -> n <= 600).count();
        long distinct = 600 + consentedC.stream().filter(n -> n > 600).count();
        assertThat(bc).isEqualTo(21);
        assertThat(distinct).isEqualTo(687);
        assertThat(counts(figures.get("nodes"))).containsExactly(300L, 400L, Rounding.toBase(consentedC.size(), 10)).containsExactly(300L, 400L, 110L);
        assertThat(figures.get("overlaps")).hasSize(3);
        assertThat(overlap(figures, a, b)).isEqualTo(100);
        assertThat(overlap(figures, a, c)).isZero();
        assertThat(overlap(figures, b, c)).isEqualTo(Rounding.toBase(bc, 10)).isEqualTo(20);
        assertThat(figures.get("distinctPatients").get("count").asLong()).isEqualTo(Rounding.toBase(distinct, 10)).isEqualTo(690);
        assertThat(audit(c, "linkage.blinded")).singleElement().asString()
                .contains(consentedC.size() + " blinded linkage identifiers").contains(consentedC.size() + " consented patients");
    }

    @Test
    void aNodeWithoutTheLinkageKeyFailsTheLinkageWithAClearReason() throws Exception {
        NodeAgent a = node("a", true);
        NodeAgent keyless = node("keyless", false);
        load(a, allConsenting("hospital-a"), 20, 1, 20);
        Study study = study(a, keyless);
        JsonNode error = hubApi("POST", "/api/studies/" + study.id() + "/linkage", "", 409);
        assertThat(error.get("error").asText()).contains("node " + keyless.nodeId() + " has no federation linkage key")
                .contains("fedra node linkage-key --import FILE");
        assertThat(hub.studies().releases(study.id())).isEmpty();
    }

    @Test
    void aStudyAllowingPartialResultsLinksTheOthersAndSaysWhoWasLeftOut() throws Exception {
        NodeAgent a = node("a", true);
        NodeAgent keyless = node("keyless", false);
        NodeAgent b = node("b", true);
        load(a, allConsenting("hospital-a"), 20, 1, 20);
        load(b, allConsenting("hospital-b"), 20, 11, 30);
        Study study = hub.studies().create(new StudyRequest("partial", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                List.of(a.nodeId(), keyless.nodeId(), b.nodeId()), Set.of("linkage"), true));
        JsonNode released = hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{}", 200);
        assertThat(released.get("nodes")).extracting(JsonNode::asText).containsExactly(a.nodeId(), b.nodeId());
        assertThat(released.get("excluded").get(keyless.nodeId()).asText()).startsWith("failed to blind its linkage identifiers")
                .contains("has no federation linkage key");
        assertThat(released.get("figures").get("overlaps").get(0).get("count").asLong()).isEqualTo(10);
        assertThat(released.get("figures").get("distinctPatients").get("count").asLong()).isEqualTo(30);
    }

    @Test
    void badRequestsAreRefusedNamingWhatWasWrong() throws Exception {
        NodeAgent a = node("a", true);
        NodeAgent b = node("b", true);
        Study study = study(a, b);
        assertThat(hubApi("POST", "/api/studies/study-none/linkage", "{}", 404).get("error").asText()).contains("no study study-none");
        assertThat(hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{\"countingNode\": \"node-x\"}", 400).get("error").asText())
                .contains("countingNode: node node-x does not take part");
        assertThat(hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{\"countingNode\": 7}", 400).get("error").asText())
                .contains("countingNode must be a node id");
        assertThat(hubApi("POST", "/api/studies/" + study.id() + "/linkage", "[1]", 400).get("error").asText())
                .contains("must be a JSON object");
        Study noLinkage = hub.studies().create(new StudyRequest("no linkage", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                List.of(a.nodeId(), b.nodeId()), Set.of("feasibility"), false));
        assertThat(hubApi("POST", "/api/studies/" + noLinkage.id() + "/linkage", "{}", 400).get("error").asText())
                .contains("did not list the analysis linkage");
        Study alone = hub.studies().create(new StudyRequest("alone", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                List.of(a.nodeId()), Set.of("linkage"), false));
        assertThatThrownBy(() -> hub.jobs().run(JobRequest.of(alone.id(), "linkage", JSON.createObjectNode(), Principal.operator("")), Duration.ofMinutes(1)))
                .isInstanceOf(StudyException.class).hasMessageContaining("needs at least two nodes")
                .extracting(e -> ((StudyException) e).httpStatus()).isEqualTo(409);
        // two nodes without patients: sets of zero are fine, and nothing overlaps
        JsonNode empty = hubApi("POST", "/api/studies/" + study.id() + "/linkage", "{}", 200).get("figures");
        assertThat(counts(empty.get("nodes"))).containsExactly(0L, 0L);
        assertThat(empty.get("distinctPatients").get("count").asLong()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private NodeAgent node(String name, boolean withKey) throws Exception {
        Path dir = tmp.resolve("node-" + name);
        Files.createDirectories(dir);
        if (withKey) {
            Path keyFile = tmp.resolve("shared-linkage-key.txt");
            Files.writeString(keyFile, KEY_BASE64 + "\n");
            LinkageSettings.importKey(dir, keyFile);
        }
        NodeAgent n = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital " + name, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        nodes.add(n);
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        return n;
    }

    /**
     * Imports {@code patients} generated patients (their Patient and Consent resources: all linkage needs) numbered
     * {@code first..last}; returns the national numbers of those whose consent permits research.
     */
    private static Set<Long> load(NodeAgent node, SiteProfile site, int patients, long first, long last) {
        SyntheticCohort cohort = new SyntheticCohort(site, 2026 + first).nationalIds(first, last);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Set<Long> permitted = new TreeSet<>();
        for (int i = 0; i < patients; i++) {
            List<Resource> resources = cohort.nextPatient();
            Patient p = (Patient) resources.get(0);
            long number = Long.parseLong(p.getIdentifier().stream().filter(id -> id.getSystem().equals(SyntheticCohort.NATIONAL_ID_SYSTEM))
                    .findFirst().orElseThrow().getValue());
            for (Resource r : resources) {
                if (r instanceof Patient || r instanceof Consent) {
                    String url = r.fhirType() + "/" + r.getIdElement().getIdPart();
                    bundle.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
                }
                if (r instanceof Consent consent && consent.getProvision().getType() == Consent.ConsentProvisionType.PERMIT) {
                    permitted.add(number);
                }
            }
        }
        ImportReport report = node.dataLayer().fhirImporter()
                .importBundle(new StringReader(FhirCodec.context().newJsonParser().encodeResourceToString(bundle)), site.name());
        assertThat(report.problems()).isEmpty();
        assertThat(report.patients()).isEqualTo(patients);
        return permitted;
    }

    private Study study(NodeAgent... members) {
        List<String> ids = new ArrayList<>();
        for (NodeAgent n : members) {
            ids.add(n.nodeId());
        }
        Study s = hub.studies().create(new StudyRequest("Patients shared between hospitals", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                ids, Set.of("linkage", "feasibility"), false));
        assertThat(s.acceptedNodes()).containsExactlyElementsOf(ids);
        return s;
    }

    private static List<Long> counts(JsonNode perNode) {
        List<Long> out = new ArrayList<>();
        perNode.forEach(n -> out.add(n.get("count").asLong()));
        return out;
    }

    private static long overlap(JsonNode figures, NodeAgent x, NodeAgent y) {
        for (JsonNode o : figures.get("overlaps")) {
            Set<String> pair = Set.of(o.get("nodes").get(0).asText(), o.get("nodes").get(1).asText());
            if (pair.equals(Set.of(x.nodeId(), y.nodeId()))) {
                return o.get("count").asLong();
            }
        }
        throw new AssertionError("no overlap of " + x.nodeId() + " and " + y.nodeId() + " in " + figures);
    }

    private static List<String> elementFields(JsonNode message) {
        List<String> out = new ArrayList<>();
        if (message.has("elements")) {
            out.add(message.get("elements").asText());
        }
        message.path("sets").forEach(s -> out.add(s.get("elements").asText()));
        return out;
    }

    private static byte[] hmac(byte[] key, String id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(key, "HmacSHA512"));
        return mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode hubApi(String method, String path, String body, int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("Authorization", "Bearer " + hub.operatorToken())
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static List<String> audit(NodeAgent n, String action) throws java.io.IOException {
        return Files.readAllLines(n.dataDir().resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
