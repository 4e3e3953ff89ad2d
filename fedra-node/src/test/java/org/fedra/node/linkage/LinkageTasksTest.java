package org.fedra.node.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.pipeline.AnalysisExecutors;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.fhir.TestDatabase;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.node.study.StudyGate;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.privacy.psi.PsiParty;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.linkage.LinkageTasks;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's linkage tasks on a real data layer (opt-in consent: only permitting patients count), against a peer
 * hospital played by a {@link PsiParty} in the test, with the study gate as a lambda.
 */
class LinkageTasksTest {
    private static final byte[] KEY = "federation linkage key for tests 0123456789".getBytes(StandardCharsets.UTF_8);
    private static final String STUDY = "study-1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    DataSource db;
    NodeDataLayer data;
    Set<String> consented;
    int job;

    @BeforeEach
    void hospital() throws Exception {
        db = TestDatabase.fresh();
        data = new NodeDataLayer(db, new byte[32], new SecretKeySpec(new byte[32], "AES"), tmp.resolve("objects"),
                DefaultPolicy.optInEverywhere(), DisclosureSettings.defaults(), CLOCK, new SecureRandom());
        // 80 patients numbered 1..80, about 60 % with a permitting consent
        SyntheticCohort cohort = new SyntheticCohort(SiteProfile.cityUniversity(), 99).nationalIds(1, 80);
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        consented = new TreeSet<>();
        for (int i = 0; i < 80; i++) {
            List<Resource> rs = cohort.nextPatient();
            String number = ((Patient) rs.get(0)).getIdentifier().get(1).getValue();
            for (Resource r : rs) {
                String url = r.fhirType() + "/" + r.getIdElement().getIdPart();
                b.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
                if (r instanceof Consent c && c.getProvision().getType() == Consent.ConsentProvisionType.PERMIT) {
                    consented.add(number);
                }
            }
        }
        assertThat(data.fhirImporter().importBundle(new StringReader(FhirCodec.context().newJsonParser().encodeResourceToString(b)), "test")
                .problems()).isEmpty();
        assertThat(consented).hasSizeBetween(30, 65);
    }

    private NodeServices services(Path dir, DisclosureSettings disclosure, StudyGate gate) {
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), CLOCK, org.fedra.protocol.audit.Principal.node("node-a"));
        return new NodeServices("node-a", "Hospital A", dir, db, data, audit, CLOCK, gate, disclosure);
    }

    private static StudyGate open() {
        return (study, analysis) -> {
            if (!study.equals(STUDY) || !analysis.equals("linkage")) {
                throw new StudyNotAuthorisedException("no contract for study " + study + " and analysis " + analysis);
            }
            return new AuthorisedStudy(study, Purpose.HEALTHCARE_RESEARCH, "uni-research", Set.of("linkage"));
        };
    }

    private Path nodeDir(boolean withKey) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("node-" + (++job)));
        if (withKey) {
            Path keyFile = tmp.resolve("key-" + job);
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(KEY));
            LinkageSettings.importKey(dir, keyFile);
        }
        return dir;
    }

    private static TaskInput task(String type, String jobId, ObjectNode payload) {
        return new TaskInput("task-" + type, jobId, type, LinkageMessages.bytes(payload), Instant.MAX);
    }

    private static ObjectNode payload() {
        return LinkageMessages.JSON.createObjectNode().put("study", STUDY);
    }

    private static BlindedSet set(byte[] result) throws Exception {
        return LinkageMessages.elements("test", LinkageMessages.JSON.readTree(result), "");
    }

    private static String encode(BlindedSet s) throws Exception {
        return LinkageMessages.JSON.readTree(LinkageMessages.setResult(s)).get(LinkageTasks.ELEMENTS).asText();
    }

    /** The whole protocol between this node (counting) and a peer holding numbers {@code peerFrom..peerTo}. */
    private JsonNode link(NodeServices node, int peerFrom, int peerTo) throws Exception {
        LinkageExecutor linkage = new LinkageExecutor();
        TaskPipeline pipeline = TaskPipeline.of(node, AnalysisExecutors.of(linkage));
        LinkageJobs jobs = linkage.jobs();
        TaskHandler blind = pipeline.handler(LinkageTasks.BLIND);
        TaskHandler reblind = pipeline.handler(LinkageTasks.REBLIND);
        TaskHandler count = pipeline.handler(LinkageTasks.COUNT);
        PsiParty peer = new PsiParty(KEY, new SecureRandom(), ForkJoinPool.commonPool());
        List<String> peerIds = IntStream.rangeClosed(peerFrom, peerTo).mapToObj(SyntheticCohort::nationalId).toList();

        BlindedSet own = set(blind.handle(task(LinkageTasks.BLIND, "job-1", payload().put("countingNode", "node-a"))));
        assertThat(own.size()).isEqualTo(consented.size());
        BlindedSet peerSet = peer.blindOwn(peerIds);
        BlindedSet masked = set(reblind.handle(task(LinkageTasks.REBLIND, "job-1",
                payload().put("set", "node-b").put("transitMask", true).put(LinkageTasks.ELEMENTS, encode(peerSet)))));
        BlindedSet ownFull = peer.reblind(own);
        ObjectNode counting = payload();
        counting.putArray("sets").add(LinkageMessages.JSON.createObjectNode().put("node", "node-a").put(LinkageTasks.ELEMENTS, encode(ownFull)))
                .add(LinkageMessages.JSON.createObjectNode().put("node", "node-b").put(LinkageTasks.ELEMENTS, encode(masked)));
        JsonNode released = LinkageMessages.JSON.readTree(count.handle(task(LinkageTasks.COUNT, "job-1", counting)));
        assertThat(jobs.running()).isZero(); // the job's secrets are gone after the count
        return released;
    }

    @Test
    void countsTheConsentedOverlapExactlyWithoutRounding() throws Exception {
        Path dir = nodeDir(true);
        JsonNode r = link(services(dir, new DisclosureSettings(1, 1), open()), 51, 150);
        long shared = consented.stream().filter(n -> Integer.parseInt(n) >= 51).count();
        assertThat(r.get("countedBy").asText()).isEqualTo("node-a");
        assertThat(r.get("nodes").get(0).get("count").asLong()).isEqualTo(consented.size());
        assertThat(r.get("nodes").get(1).get("count").asLong()).isEqualTo(100);
        assertThat(r.get("overlaps").get(0).get("count").asLong()).isEqualTo(shared).isPositive();
        assertThat(r.get("distinctPatients").get("count").asLong()).isEqualTo(consented.size() + 100 - shared);

        // audited before sending, sizes only; the patients whose identifiers were used can see the access
        List<String> audit = Files.readAllLines(dir.resolve(AuditLog.LOG_FILE));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("linkage.blinded").contains(consented.size() + " blinded linkage identifiers")
                .contains(consented.size() + " consented patients"));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("linkage.reblinded").contains("masked for transit"));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("linkage.counted"));
        assertThat(audit).noneMatch(l -> consented.stream().anyMatch(l::contains));
        String someone = data.rights().findPatient(SyntheticCohort.NATIONAL_ID_SYSTEM + "|" + consented.iterator().next()).orElseThrow();
        assertThat(data.accessLog().entriesFor(someone)).singleElement().satisfies(e -> assertThat(e.studyId()).isEqualTo(STUDY));
    }

    @Test
    void roundsAndSuppressesByTheNodesDisclosureSettings() throws Exception {
        // the peer holds 75..200: shares only the few consented numbers from 75 to 80 -> suppressed, and the union withheld
        long shared = consented.stream().filter(n -> Integer.parseInt(n) >= 75).count();
        assertThat(shared).isBetween(1L, 9L);
        JsonNode r = link(services(nodeDir(true), DisclosureSettings.defaults(), open()), 75, 200);
        assertThat(r.get("nodes").get(1).get("count").asLong()).isEqualTo(130); // 126 rounded to 10
        assertThat(r.get("overlaps").get(0).get("count").isNull()).isTrue();
        assertThat(r.get("overlaps").get(0).get("suppressed").asText()).isEqualTo("fewer than 10 patients");
        assertThat(r.get("distinctPatients").get("count").isNull()).isTrue();
        assertThat(r.get("distinctPatients").get("suppressed").asText()).contains("could be worked out from it");
        // disjoint: a zero overlap is no small group, and the union is released (rounded)
        JsonNode none = link(services(nodeDir(true), DisclosureSettings.defaults(), open()), 101, 200);
        assertThat(none.get("overlaps").get(0).get("count").asLong()).isZero();
        assertThat(none.get("distinctPatients").get("count").asLong())
                .isEqualTo(org.fedra.privacy.disclosure.Rounding.toBase(consented.size() + 100, 10));
    }

    @Test
    void refusesWithoutContractKeyOrEnoughPatients() throws Exception {
        LinkageExecutor linkage = new LinkageExecutor();
        NodeServices refusing = services(nodeDir(true), DisclosureSettings.defaults(),
                (s, a) -> { throw new StudyNotAuthorisedException("node node-a has no accepted contract for study " + s); });
        assertThatThrownBy(() -> blind(refusing, linkage).handle(task(LinkageTasks.BLIND, "j", payload().put("countingNode", "node-a"))))
                .isInstanceOf(StudyNotAuthorisedException.class).hasMessageContaining("no accepted contract for study study-1");
        NodeServices keyless = services(nodeDir(false), DisclosureSettings.defaults(), open());
        assertThatThrownBy(() -> blind(keyless, linkage).handle(task(LinkageTasks.BLIND, "j", payload().put("countingNode", "node-a"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("node node-a has no federation linkage key (linkage-key in its data directory); import the federation's key "
                        + "with 'fedra node linkage-key --import FILE'");
        NodeServices strict = services(nodeDir(true), new DisclosureSettings(1000, 10), open());
        assertThatThrownBy(() -> blind(strict, linkage).handle(task(LinkageTasks.BLIND, "j", payload().put("countingNode", "node-a"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("node node-a has fewer than 1000 patients with a linkage identifier whose consent permits study study-1; "
                        + "it takes no part in the linkage");
        LinkageJobs jobs = linkage.jobs();
        assertThat(jobs.running()).isZero();
    }

    /** The blind step of a pipeline running only this linkage executor (whose jobs the test watches). */
    private static TaskHandler blind(NodeServices node, LinkageExecutor linkage) {
        return TaskPipeline.of(node, AnalysisExecutors.of(linkage)).handler(LinkageTasks.BLIND);
    }

    @Test
    void badPayloadsAndOutOfOrderStepsAreRefusedNamingWhatWasWrong() throws Exception {
        NodeServices node = services(nodeDir(true), DisclosureSettings.defaults(), open());
        LinkageExecutor linkage = new LinkageExecutor();
        TaskPipeline pipeline = TaskPipeline.of(node, AnalysisExecutors.of(linkage));
        LinkageJobs jobs = linkage.jobs();
        TaskHandler blind = pipeline.handler(LinkageTasks.BLIND);
        TaskHandler reblind = pipeline.handler(LinkageTasks.REBLIND);
        TaskHandler count = pipeline.handler(LinkageTasks.COUNT);
        assertThatThrownBy(() -> blind.handle(new TaskInput("t", "j", LinkageTasks.BLIND, "not json".getBytes(), Instant.MAX)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("psi.blind payload is not valid JSON");
        assertThatThrownBy(() -> blind.handle(task(LinkageTasks.BLIND, "j", LinkageMessages.JSON.createObjectNode())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("psi.blind payload: field 'study' is required and must be a non-empty string");
        String g = Base64.getEncoder().encodeToString(org.fedra.privacy.ristretto.RistrettoElement.GENERATOR.encode());
        assertThatThrownBy(() -> reblind.handle(task(LinkageTasks.REBLIND, "j", payload().put("set", "node-b").put(LinkageTasks.ELEMENTS, g))))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no linkage job j runs on this node");
        blind.handle(task(LinkageTasks.BLIND, "j", payload().put("countingNode", "node-a")));
        assertThatThrownBy(() -> blind.handle(task(LinkageTasks.BLIND, "j", payload().put("countingNode", "node-a"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a job blinds them once");
        assertThatThrownBy(() -> reblind.handle(task(LinkageTasks.REBLIND, "j", payload().put("set", "node-a").put(LinkageTasks.ELEMENTS, g))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is this node's own set");
        assertThatThrownBy(() -> reblind.handle(task(LinkageTasks.REBLIND, "j", payload().put("set", "node-b").put(LinkageTasks.ELEMENTS, "AAAA"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("psi.reblind payload: field 'elements' holds 3 bytes, not a whole number of 32-byte elements");
        ObjectNode oneSet = payload();
        oneSet.putArray("sets").add(LinkageMessages.JSON.createObjectNode().put("node", "node-a").put(LinkageTasks.ELEMENTS, g));
        assertThatThrownBy(() -> count.handle(task(LinkageTasks.COUNT, "j", oneSet)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        ObjectNode twice = payload();
        twice.putArray("sets").add(LinkageMessages.JSON.createObjectNode().put("node", "node-b").put(LinkageTasks.ELEMENTS, g))
                .add(LinkageMessages.JSON.createObjectNode().put("node", "node-b").put(LinkageTasks.ELEMENTS, g));
        assertThatThrownBy(() -> count.handle(task(LinkageTasks.COUNT, "j", twice)))
                .isInstanceOf(org.fedra.privacy.psi.PsiProtocolException.class).hasMessage("PSI party: no set 'node-b' was masked in this job");
        // a failed count still ends the job
        assertThat(jobs.running()).isZero();

        // the node holds a job to the counting node named when it blinded
        blind.handle(task(LinkageTasks.BLIND, "k", payload().put("countingNode", "node-a")));
        assertThatThrownBy(() -> reblind.handle(task(LinkageTasks.REBLIND, "k", payload().put("set", "node-b").put(LinkageTasks.ELEMENTS, g))))
                .isInstanceOf(IllegalStateException.class).hasMessage("this node counts linkage job k: it masks every other node's set and never blinds one plainly");
        ObjectNode masking = payload().put("set", "node-b").put("transitMask", true).put(LinkageTasks.ELEMENTS, g);
        reblind.handle(task(LinkageTasks.REBLIND, "k", masking));
        assertThatThrownBy(() -> reblind.handle(task(LinkageTasks.REBLIND, "k", masking))).isInstanceOf(IllegalStateException.class)
                .hasMessage("this node already blinded the set of node node-b in this linkage job; a set passes each node once");
        blind.handle(task(LinkageTasks.BLIND, "m", payload().put("countingNode", "node-c")));
        assertThatThrownBy(() -> reblind.handle(task(LinkageTasks.REBLIND, "m", masking))).isInstanceOf(IllegalStateException.class)
                .hasMessage("only the counting node node-c masks sets in linkage job m");
        assertThatThrownBy(() -> count.handle(task(LinkageTasks.COUNT, "m", twice))).isInstanceOf(IllegalStateException.class)
                .hasMessage("node node-c, not this one, counts linkage job m");
        assertThatThrownBy(() -> blind.handle(task(LinkageTasks.BLIND, "n", payload()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("psi.blind payload: field 'countingNode' is required and must be a non-empty string");
        assertThatThrownBy(() -> reblind.handle(task(LinkageTasks.REBLIND, "j", payload().put("study", "study-2").put("set", "node-b")
                .put(LinkageTasks.ELEMENTS, g)))).isInstanceOf(StudyNotAuthorisedException.class);
    }
}
