package org.fedra.node.fhir;

import org.fedra.node.consent.DefaultPolicy;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.inventory.InventoryEntry;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.Pseudonymiser;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The same migrations and data layer on a real PostgreSQL (see {@link PrivatePostgres} for where it comes from). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresDataLayerTest {
    PrivatePostgres postgres;

    @BeforeAll
    void start() throws Exception {
        var pg = PrivatePostgres.start();
        if ("true".equals(System.getenv("CI"))) {
            // CI installs the server (.ci/run): there a missing one is a failure, not a skip.
            org.junit.jupiter.api.Assertions.assertTrue(pg.isPresent(), "no PostgreSQL: set FEDRA_TEST_POSTGRES_URL or install Debian's postgresql package");
        }
        assumeTrue(pg.isPresent(), "no PostgreSQL: set FEDRA_TEST_POSTGRES_URL or install Debian's postgresql package");
        postgres = pg.get();
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) postgres.close();
    }

    @Test
    void importsReadsThroughConsentWithdrawsAndErasesOnPostgres(@TempDir Path objects, @TempDir Path projectionDir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        NodeDataLayer data = new NodeDataLayer(postgres.freshDatabase("node_a"), TestNode.PSEUDONYM_KEY, new SecretKeySpec(new byte[32], "AES"),
                objects, projectionDir.resolve("projection.sealed"),
                new DefaultPolicy(Map.of(Purpose.HEALTHCARE_RESEARCH, DefaultPolicy.Mode.OPT_OUT), DefaultPolicy.Mode.OPT_IN),
                new DisclosureSettings(1, 1), clock, new SecureRandom(), NodeDataLayer.Validation.STRUCTURAL);

        ImportReport csv = data.csvImporter().importFile(SharedData.dir().resolve("heart-disease").resolve("cleveland.csv"),
                CsvMapping.loadResource("mappings/uci-heart-disease.json"));
        assertThat(csv.problems()).isEmpty();
        assertThat(csv.patients()).isEqualTo(303);
        assertThat(data.csvImporter().importFile(SharedData.dir().resolve("heart-disease").resolve("cleveland.csv"),
                CsvMapping.loadResource("mappings/uci-heart-disease.json")).created()).isZero();
        var bundle = FhirCodec.context().newJsonParser().encodeResourceToString(new SyntheticCohort(SiteProfile.heartCentre(), 5).nextBundle(40));
        assertThat(data.fhirImporter().importBundle(new StringReader(bundle), "synthetic").problems()).isEmpty();
        assertThat(data.store().countByType().get("Patient")).isEqualTo(343);
        assertThat(data.store().withCode("Observation", "http://loinc.org", "2093-3").size()).isGreaterThanOrEqualTo(303);

        TaskContext t1 = new TaskContext("t1", "s1", Purpose.HEALTHCARE_RESEARCH, "uni", clock.instant());
        var first = data.openView(t1).resourcesWithCode("Observation", "http://loinc.org", "2093-3");
        // the analytic projection, caught up from PostgreSQL's change feed when the view opened, holds what the store holds
        assertThat(data.projection().generation()).isEqualTo(data.store().generation());
        java.util.Set<String> storeFacts = new java.util.TreeSet<>();
        java.util.Set<String> projectedFacts = new java.util.TreeSet<>();
        data.store().forEachFact("Observation", "http://loinc.org", "2093-3", f -> storeFacts.add(f.toString()));
        data.projection().forEachFact("Observation", "http://loinc.org", "2093-3", f -> projectedFacts.add(f.toString()));
        assertThat(projectedFacts).hasSizeGreaterThanOrEqualTo(303).isEqualTo(storeFacts);
        assertThat(data.projection().size().patients()).isEqualTo(343);
        String cleveland1 = new Pseudonymiser(TestNode.PSEUDONYM_KEY).pseudonym("Patient", "uci-heart-disease-cleveland-row1");
        clock.advance(Duration.ofMinutes(1));
        data.rights().withdraw(cleveland1);
        clock.advance(Duration.ofMinutes(1));
        var second = data.openView(new TaskContext("t2", "s2", Purpose.HEALTHCARE_RESEARCH, "uni", clock.instant()))
                .resourcesWithCode("Observation", "http://loinc.org", "2093-3");
        assertThat(first.size() - second.size()).isEqualTo(1);

        long before = data.inventory().snapshot().entries().stream().filter(e -> e.resourceType().equals("Patient")).mapToLong(InventoryEntry::patients).sum();
        var receipt = data.rights().erase(cleveland1);
        assertThat(receipt.studies()).containsExactly("s1");
        assertThat(receipt.resourcesRemoved()).isEqualTo(1 + 13 + 1);
        assertThat(data.store().ofPatient(cleveland1)).isEmpty();
        java.util.List<String> projected = new java.util.ArrayList<>();
        data.projection().forEachPatient(d -> projected.add(d.patientId()));
        assertThat(projected).hasSize(342).doesNotContain(cleveland1);
        data.projection().forEachFact("Observation", null, null, f -> assertThat(f.patientId()).isNotEqualTo(cleveland1));
        data.close();
        long after = data.inventory().snapshot().entries().stream().filter(e -> e.resourceType().equals("Patient")).mapToLong(InventoryEntry::patients).sum();
        assertThat(before - after).isEqualTo(1);
    }
}
