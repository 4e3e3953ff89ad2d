package org.fedra.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import org.fedra.node.NodeData;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 finding 4: another local user took the auto-server's port and key from {@code db/node.lock.db} and, with
 * the empty password, read the re-identification table through {@code jdbc:h2:tcp://127.0.0.1:PORT/KEY}.
 */
class LocalUserAttackTest {
    @TempDir
    Path tmp;

    @Test
    void theRunningNodesDatabaseRefusesAConnectionWithoutItsPassword() throws Exception {
        Path dir = tmp.resolve("node");
        try (NodeData data = NodeData.open(dir, Clock.systemUTC())) {
            // even a user who could read the lock file (the node's own user can; nobody else can: its mode is 600)
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(dir.resolve("db").resolve("node.lock.db"))) {
                lock.load(r);
            }
            assertThat(lock.getProperty("server")).matches("(localhost|127\\.0\\.0\\.1):[0-9]+");
            String url = "jdbc:h2:tcp://" + lock.getProperty("server") + "/" + lock.getProperty("id");
            for (String user : new String[] {"fedra", "sa"}) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, user, "").close())
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
            }
            // the node itself still works through its pool
            try (var c = data.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM patient_reidentification")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void theStoppedNodesDatabaseFileCannotBeOpenedWithoutTheKeys() throws Exception {
        Path dir = tmp.resolve("node");
        NodeData.open(dir, Clock.systemUTC()).close();
        String plain = "jdbc:h2:file:" + dir.resolve("db").resolve("node").toAbsolutePath() + ";IFEXISTS=TRUE";
        assertThatThrownBy(() -> DriverManager.getConnection(plain, "fedra", "").close()).isInstanceOf(SQLException.class);
        String guessed = plain + ";CIPHER=AES";
        assertThatThrownBy(() -> DriverManager.getConnection(guessed, "fedra", "00 ").close()).isInstanceOf(SQLException.class);
    }
}
