package org.fedra.hub;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/** The hub's embedded H2 database, migrated with Flyway from {@code classpath:db/hub}. */
final class HubDatabase implements AutoCloseable {
    private final JdbcConnectionPool pool;

    HubDatabase(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("hub").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        pool = JdbcConnectionPool.create(url, "fedra", "");
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/hub").load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open or migrate the hub database in " + dataDir.resolve("db") + ": " + e.getMessage(), e);
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
