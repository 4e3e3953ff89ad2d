package org.fedra.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.fedra.node.NodeData;
import org.fedra.node.NodeDataKeys;
import org.fedra.node.fhir.SharedData;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 12: a node's data at rest. Any local user could read {@code db/node.mv.db} (0644, unencrypted) and
 * found the original identifiers ({@code urn:fedra:csv:...|row250}) and the FHIR JSON in clear.
 */
class DataAtRestTest {
    private static final CsvMapping HEART = CsvMapping.loadResource("mappings/uci-heart-disease.json");

    @TempDir
    Path tmp;

    @Test
    void theDatabaseFileHoldsNoIdentifierAndNoResourceJsonInClear() throws Exception {
        Path dir = tmp.resolve("node");
        try (NodeData data = NodeData.open(dir, Clock.systemUTC())) {
            ImportReport r = data.layer().csvImporter().importFile(SharedData.dir().resolve("heart-disease").resolve("cleveland.csv"), HEART);
            assertThat(r.patients()).isEqualTo(303);
            assertThat(data.layer().store().countByType().get("Patient")).isEqualTo(303);
        }
        String bytes = new String(Files.readAllBytes(dir.resolve("db").resolve("node.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(bytes).startsWith("H2encrypt")
                .doesNotContain("urn:fedra:csv").doesNotContain("row250").doesNotContain("cleveland")
                .doesNotContain("resourceType").doesNotContain("Observation").doesNotContain("http://loinc.org");

        // and the data is all there when the node opens it again with its keys
        try (NodeData again = NodeData.open(dir, Clock.systemUTC())) {
            assertThat(again.layer().store().countByType().get("Patient")).isEqualTo(303);
        }
    }

    @Test
    void theDataDirectoryIsOwnerOnly() throws Exception {
        Path dir = tmp.resolve("node");
        try (NodeData data = NodeData.open(dir, Clock.systemUTC())) {
            assertThat(mode(dir.resolve("db").resolve("node.lock.db"))).isEqualTo("rw-------");
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("db").resolve("node.mv.db"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve(NodeDataKeys.FILE))).isEqualTo("rw-------");
    }

    @Test
    void aDirectoryOthersMayReadIsTightenedOneTheyMayWriteIsRefused() throws Exception {
        Path dir = tmp.resolve("node");
        NodeData.open(dir, Clock.systemUTC()).close();
        Files.setPosixFilePermissions(dir.resolve("db").resolve("node.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        NodeData.open(dir, Clock.systemUTC()).close();
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("db").resolve("node.mv.db"))).isEqualTo("rw-------");

        Files.setPosixFilePermissions(dir.resolve(NodeDataKeys.FILE), PosixFilePermissions.fromString("rw-rw----"));
        assertThatThrownBy(() -> NodeData.open(dir, Clock.systemUTC()))
                .isInstanceOf(CorruptFileException.class)
                .hasMessageContaining(NodeDataKeys.FILE).hasMessageContaining("writable by group or others (mode rw-rw----)");
        assertThat(mode(dir.resolve(NodeDataKeys.FILE))).isEqualTo("rw-rw----");
    }

    @Test
    void aDamagedDatabaseIsADamagedDataDirectory() throws Exception {
        Path dir = tmp.resolve("node");
        NodeData.open(dir, Clock.systemUTC()).close();
        Path file = dir.resolve("db").resolve("node.mv.db");
        byte[] b = Files.readAllBytes(file);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        Files.write(file, b);
        assertThatThrownBy(() -> NodeData.open(dir, Clock.systemUTC()))
                .isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("the node database cannot be opened");
    }

    @Test
    void aDatabaseOfAnEarlierVersionIsEncryptedOnItsFirstOpening() throws Exception {
        Path dir = tmp.resolve("node");
        Files.createDirectories(dir.resolve("db"));
        // the data directory as the previous version left it: two data keys, a plain database with an empty password
        Pem.writeAtomically(dir.resolve(NodeDataKeys.FILE), JsonCodec.MAPPER.writeValueAsBytes(JsonCodec.MAPPER.createObjectNode()
                .put("pseudonymKey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").put("objectKey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")), true);
        JdbcConnectionPool old = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db").resolve("node").toAbsolutePath(), "fedra", "");
        Flyway.configure().dataSource(old).locations("classpath:db/node").load().migrate();
        try (var c = old.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE legacy_marker(v VARCHAR)");
            s.execute("INSERT INTO legacy_marker VALUES ('urn:fedra:csv:old|row250')");
        }
        old.dispose();

        try (NodeData data = NodeData.open(dir, Clock.systemUTC());
             var c = data.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT v FROM legacy_marker")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("urn:fedra:csv:old|row250");
        }
        assertThat(JsonCodec.MAPPER.readTree(dir.resolve(NodeDataKeys.FILE).toFile()).path("databaseKey").asText()).hasSize(64);
        String bytes = new String(Files.readAllBytes(dir.resolve("db").resolve("node.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(bytes).startsWith("H2encrypt").doesNotContain("row250");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
