package org.fedra.node;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The node's embedded H2 database, migrated by Flyway from {@code classpath:db/node}: the node's
 * own tables (V1-V9) and the data layer's (V10 on). Opened in H2's auto-server mode, so that {@code fedra node
 * import} can write to the database of a running node.
 */
public final class NodeDatabase implements AutoCloseable {
    private final JdbcConnectionPool pool;

    public NodeDatabase(Path dataDir) {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dataDir.resolve("db").resolve("node").toAbsolutePath()
                + ";AUTO_SERVER=TRUE", "fedra", ""); // auto-server needs H2's default close-on-exit
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/node").load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open or migrate the node database in " + dataDir.resolve("db") + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
