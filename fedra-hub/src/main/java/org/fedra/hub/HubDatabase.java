package org.fedra.hub;

import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.storage.DatabaseCredentials;
import org.fedra.protocol.storage.EncryptedH2;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The hub's embedded H2 database, migrated with Flyway from {@code classpath:db/hub}; encrypted at rest with the file
 * key of {@link HubDataDir#databaseCredentials}, its user guarded by the random password kept there too.
 */
final class HubDatabase implements AutoCloseable {
    private final JdbcConnectionPool pool;

    HubDatabase(Path dataDir, DatabaseCredentials credentials) {
        Path db = dataDir.resolve("db");
        try {
            pool = EncryptedH2.open(db.resolve("hub"), ";DB_CLOSE_ON_EXIT=FALSE", credentials);
        } catch (SQLException e) {
            throw new CorruptFileException(db, "the hub database cannot be opened (damaged, or not the database of "
                    + HubDataDir.DATABASE_KEYS + "): " + EncryptedH2.reason(e), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/hub").load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open or migrate the hub database in " + db + ": " + e.getMessage(), e);
        }
    }

    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
