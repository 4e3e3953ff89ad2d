package org.fedra.node.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fedra.node.NodeData;
import org.fedra.node.fhir.SharedData;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.ReidentificationMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 finding 9: erasure was undone by re-importing the same source; the patient came back under the same pseudonym. */
class ErasureSticksTest {
    private static final CsvMapping HEART = CsvMapping.loadResource("mappings/uci-heart-disease.json");
    private static final String ROW_250 = "identifier:urn:fedra:csv:uci-heart-disease:cleveland|row250";

    @TempDir
    Path tmp;

    @Test
    void aReImportOfTheSameSourceSkipsTheErasedPatient() throws Exception {
        Path csv = SharedData.dir().resolve("heart-disease").resolve("cleveland.csv");
        try (NodeData data = NodeData.open(tmp.resolve("node"), Clock.systemUTC())) {
            var layer = data.layer();
            assertThat(layer.csvImporter().importFile(csv, HEART).patients()).isEqualTo(303);
            ReidentificationMap reid = new ReidentificationMap(data.dataSource());
            String pseudonym = reid.patientFor(ROW_250).orElseThrow();
            int resources = layer.store().ofPatient(pseudonym).size();

            ErasureReceipt receipt = layer.rights().erase(pseudonym);
            assertThat(receipt.resourcesRemoved()).isEqualTo(resources);
            assertThat(layer.store().countByType().get("Patient")).isEqualTo(302);

            ImportReport again = layer.csvImporter().importFile(csv, HEART);
            assertThat(again.skippedErased()).isEqualTo(1);
            assertThat(again.patients()).isEqualTo(302);
            assertThat(again.created()).isZero();
            assertThat(again.problems()).isEmpty();
            assertThat(layer.store().exists("Patient", pseudonym)).isFalse();
            assertThat(layer.store().ofPatient(pseudonym)).isEmpty();
            assertThat(reid.patientFor(ROW_250)).isEmpty();
            assertThat(layer.store().countByType().get("Patient")).isEqualTo(302);

            // the suppression list holds keyed hashes only: neither the pseudonym nor the source identifiers
            List<String> rows = new ArrayList<>();
            try (var c = data.dataSource().getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM erased_source")) {
                while (rs.next()) {
                    rows.add(rs.getString("source_hash"));
                }
            }
            assertThat(rows).hasSize(2); // Patient/<source id> and the CSV row identifier
            assertThat(rows).allSatisfy(h -> assertThat(h).matches("[0-9a-f]{32}").isNotEqualTo(pseudonym).doesNotContain("row250"));
        }
    }
}
