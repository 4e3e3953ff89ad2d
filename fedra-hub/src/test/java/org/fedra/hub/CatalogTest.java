package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.inventory.InventorySnapshot;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.audit.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node with synthetic data publishes its coarsened inventory over the federation stream into the hub's catalog. */
class CatalogTest {
    @TempDir
    Path tmp;
    Hub hub;
    NodeAgent node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
        if (hub != null) hub.close();
    }

    @Test
    void publishedInventoryReachesTheCatalogCoarsenedAndFollowsAnErasure() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        node = NodeAgent.start(NodeConfig.of(tmp.resolve("node"), "localhost:" + hub.grpcPort(), hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withInventoryInterval(Duration.ofMillis(200)), TaskHandlers.withBuiltIns());
        assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
        assertThat(Files.exists(tmp.resolve("node").resolve("data-keys.json"))).isTrue();

        // 65 patients: published as 70 (rounded to 10); after one erasure 64 -> 60
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(new SyntheticCohort(SiteProfile.heartCentre(), 7).nextBundle(65));
        ImportReport report = node.dataLayer().fhirImporter().importBundle(new StringReader(bundle), "heart-centre");
        assertThat(report.problems()).isEmpty();
        assertThat(report.patients()).isEqualTo(65);

        // the import commits in batches, so a publication may have caught it half-way; the next one (interval 200 ms) follows
        InventorySnapshot local = node.dataLayer().inventory().snapshot();
        List<Catalog.Count> expected = local.entries().stream()
                .map(e -> new Catalog.Count(e.resourceType(), e.system(), e.code(), e.resources(), e.patients())).toList();
        Catalog.NodeInventory first = awaitCatalog(n -> n.counts().size() == expected.size() && n.counts().containsAll(expected));
        assertThat(first.organisation()).isEqualTo("Hospital A");
        assertThat(patients(first)).contains(70L);
        assertThat(first.suppressed()).isEqualTo(local.suppressed()).isPositive();
        // coarsened: every published count is a multiple of 10 and covers at least 10 patients
        assertThat(first.counts()).allSatisfy(c -> {
            assertThat(c.patients() % 10).isZero();
            assertThat(c.resources() % 10).isZero();
            assertThat(c.patients()).isGreaterThanOrEqualTo(10);
        });
        assertThat(first.counts()).noneMatch(c -> c.resourceType().equals("Consent"));

        String patient = node.dataLayer().rights().findPatient("urn:fedra:synthetic:heart-centre:mrn|MRN0000001").orElseThrow();
        node.dataLayer().rights().erase(patient);
        Catalog.NodeInventory second = awaitCatalog(n -> patients(n).equals(Optional.of(60L)));
        assertThat(second.counts()).contains(new Catalog.Count("Patient", null, null, 60, 60));
        assertThat(second.takenAt()).isAfter(first.takenAt());

        assertThat(auditLines(tmp.resolve("node"), "\"inventory.published\"")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(l -> assertThat(l).doesNotContain(patient).contains("patients"));
        assertThat(auditLines(tmp.resolve("hub"), "\"catalog.updated\"")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(AuditLog.verify(tmp.resolve("node")).intact()).isTrue();
    }

    private static List<String> auditLines(Path dir, String action) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }

    private static Optional<Long> patients(Catalog.NodeInventory n) {
        return n.counts().stream().filter(c -> c.resourceType().equals("Patient") && c.code() == null).map(Catalog.Count::patients).findFirst();
    }

    private Catalog.NodeInventory awaitCatalog(Predicate<Catalog.NodeInventory> condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            List<Catalog.NodeInventory> l = hub.catalog().list();
            if (l.size() == 1 && condition.test(l.get(0))) {
                return l.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the catalog did not reach the expected state within 30 s: " + hub.catalog().list());
    }
}
