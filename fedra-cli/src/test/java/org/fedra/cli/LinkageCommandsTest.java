package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.linkage.LinkageSettings;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fedra node linkage-key, fedra node generate --national-ids and fedra study linkage against a real hub and two real nodes. */
class LinkageCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void linkageKeyIsGeneratedOnceImportedElsewhereAndCheckedForDamage() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("node-a"));
        Path b = Files.createDirectories(tmp.resolve("node-b"));
        Path shared = tmp.resolve("federation.key");

        CliRun none = CliRun.of("node", "linkage-key", "--data-dir", a.toString());
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("no federation linkage key");

        CliRun gen = CliRun.of("node", "linkage-key", "--data-dir", a.toString(), "--generate", shared.toString());
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("generated a new federation linkage key").contains("never to the hub")
                .contains("linking patients on identifier system " + SyntheticCohort.NATIONAL_ID_SYSTEM);
        CliRun imp = CliRun.of("node", "linkage-key", "--data-dir", b.toString(), "--import", shared.toString(), "--system", "urn:oid:1.2.3");
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("linking patients on identifier system urn:oid:1.2.3");
        assertThat(LinkageSettings.load(a).orElseThrow().key()).isEqualTo(LinkageSettings.load(b).orElseThrow().key()).hasSize(32);
        if (Files.getFileStore(a).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(a.resolve(LinkageSettings.KEY_FILE))))
                    .isEqualTo("rw-------");
        }

        CliRun again = CliRun.of("node", "linkage-key", "--data-dir", a.toString(), "--generate", shared.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already exists");
        Path weak = tmp.resolve("weak.key");
        Files.writeString(weak, "c2hvcnQ=\n");
        CliRun short_ = CliRun.of("node", "linkage-key", "--data-dir", a.toString(), "--import", weak.toString());
        assertThat(short_.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(short_.err()).contains("weak.key").contains("holds a linkage key of 5 bytes; at least 32 are needed");
        CliRun missing = CliRun.of("node", "linkage-key", "--data-dir", a.toString(), "--import", tmp.resolve("nope.key").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(missing.err()).contains("nope.key").contains("does not exist");
        CliRun noDir = CliRun.of("node", "linkage-key", "--data-dir", tmp.resolve("no-node").toString());
        assertThat(noDir.code()).isEqualTo(ExitCodes.DATA_DIR);
        // the damaged import changed nothing
        assertThat(LinkageSettings.load(a).orElseThrow().key()).isEqualTo(LinkageSettings.load(b).orElseThrow().key());
    }

    @Test
    void studyLinkageCountsSharedPatientsOfTwoGeneratedHospitals() throws Exception {
        Path key = tmp.resolve("federation.key");
        Files.writeString(key, LinkageSettings.generateKey(new java.security.SecureRandom()) + "\n");
        CliRun ga = CliRun.of("node", "generate", "--patients", "120", "--seed", "11", "--name", "hosp-a", "--national-ids", "1-120",
                "--out", tmp.resolve("a").toString());
        CliRun gb = CliRun.of("node", "generate", "--patients", "150", "--seed", "12", "--name", "hosp-b", "--national-ids", "71-220",
                "--out", tmp.resolve("b").toString());
        assertThat(ga.code()).as(ga.err()).isZero();
        assertThat(gb.code()).as(gb.err()).isZero();
        CliRun tooFew = CliRun.of("node", "generate", "--patients", "10", "--seed", "1", "--national-ids", "1-5", "--out", tmp.resolve("x").toString());
        assertThat(tooFew.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooFew.err()).contains("--national-ids 1-5 holds 5 numbers, fewer than --patients 10");

        // what linkage must find, read independently from the generated files: consented patients' national numbers
        Set<String> consentedA = consentedNationalIds(tmp.resolve("a"));
        Set<String> consentedB = consentedNationalIds(tmp.resolve("b"));
        Set<String> shared = new TreeSet<>(consentedA);
        shared.retainAll(consentedB);
        Set<String> union = new TreeSet<>(consentedA);
        union.addAll(consentedB);
        assertThat(shared.size()).isGreaterThanOrEqualTo(10);

        Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        try (hub; NodeAgent a = node(hub, "a", key); NodeAgent b = node(hub, "b", key)) {
            assertThat(CliRun.of("node", "import", "--data-dir", a.dataDir().toString(), "--fhir", tmp.resolve("a").toString()).code()).isZero();
            assertThat(CliRun.of("node", "import", "--data-dir", b.dataDir().toString(), "--fhir", tmp.resolve("b").toString()).code()).isZero();
            Study study = hub.studies().create(new StudyRequest("shared patients", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                    List.of(a.nodeId(), b.nodeId()), Set.of("linkage"), false));
            String[] target = {"--data-dir", tmp.resolve("hub").toString()};

            CliRun run = CliRun.of(concat(new String[] {"study", "linkage", "--study", study.id()}, target));
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("counted by " + a.nodeId()).contains("counts below 10 suppressed, others rounded to 10")
                    .containsPattern(a.nodeId() + " +" + Rounding.toBase(consentedA.size(), 10) + "\\n")
                    .containsPattern(b.nodeId() + " +" + Rounding.toBase(consentedB.size(), 10) + "\\n")
                    .containsPattern(a.nodeId() + " & " + b.nodeId() + " +" + Rounding.toBase(shared.size(), 10) + "\\n")
                    .contains("distinct patients over all nodes: " + Rounding.toBase(union.size(), 10));

            CliRun unknown = CliRun.of(concat(new String[] {"study", "linkage", "--study", "study-nope"}, target));
            assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(unknown.err()).contains("no study study-nope");
        }
    }

    private NodeAgent node(Hub hub, String name, Path key) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("node-" + name));
        assertThat(CliRun.of("node", "linkage-key", "--data-dir", dir.toString(), "--import", key.toString()).code()).isZero();
        NodeAgent n = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital " + name, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        return n;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Set<String> consentedNationalIds(Path dir) throws Exception {
        Set<String> out = new TreeSet<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Bundle bundle;
                try (Reader r = Files.newBufferedReader(f)) {
                    bundle = FhirCodec.context().newJsonParser().parseResource(Bundle.class, r);
                }
                java.util.Map<String, String> nationalIdByPatient = new java.util.HashMap<>();
                for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                    if (e.getResource() instanceof Patient p) {
                        for (Identifier id : p.getIdentifier()) {
                            if (SyntheticCohort.NATIONAL_ID_SYSTEM.equals(id.getSystem())) {
                                nationalIdByPatient.put("Patient/" + p.getIdElement().getIdPart(), id.getValue());
                            }
                        }
                    }
                }
                for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                    if (e.getResource() instanceof Consent c && c.getProvision().getType() == Consent.ConsentProvisionType.PERMIT) {
                        out.add(nationalIdByPatient.get(c.getPatient().getReference()));
                    }
                }
            }
        }
        return out;
    }
}
