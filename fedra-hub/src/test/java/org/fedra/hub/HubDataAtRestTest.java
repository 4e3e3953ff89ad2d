package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 12 and issue 18 finding 4 on the hub: {@code hub.mv.db} was 644 in a 755 directory, unencrypted, with
 * an empty password; the audit log and the ports file were 644.
 */
class HubDataAtRestTest {
    @TempDir
    Path tmp;

    @Test
    void theHubsDataDirectoryIsOwnerOnlyAndItsDatabaseEncrypted() throws Exception {
        Path dir = tmp.resolve("hub");
        try (Hub hub = Hub.start(HubConfig.defaults(dir).withBindAddress("127.0.0.1"))) {
            assertThat(hub.httpPort()).isPositive();
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        for (String f : new String[] {"db/hub.mv.db", "audit.log", HubDataDir.PORTS_FILE, HubDataDir.OPERATOR_TOKEN, HubDataDir.DATABASE_KEYS}) {
            assertThat(mode(dir.resolve(f))).as(f).isEqualTo("rw-------");
        }
        String bytes = new String(Files.readAllBytes(dir.resolve("db").resolve("hub.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(bytes).startsWith("H2encrypt").doesNotContain("flyway_schema_history").doesNotContain("HUB_STARTED");
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("hub").toAbsolutePath() + ";IFEXISTS=TRUE";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "fedra", "").close()).isInstanceOf(SQLException.class);

        // a restart opens it again with the kept credentials
        try (Hub hub = Hub.start(HubConfig.defaults(dir).withBindAddress("127.0.0.1"))) {
            assertThat(hub.httpPort()).isPositive();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
