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
    static {
        keepAutoServerOnLoopback();
    }

    /**
     * The auto-server listens on TCP for the node's own CLI; this keeps it off the hospital network (a node never
     * listens outside), unless the operator set {@code -Dh2.bindAddress}. H2 reads the property once, when it is
     * first loaded, so a process that also runs other H2 databases (the demo) calls this before anything else.
     */
    public static void keepAutoServerOnLoopback() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final JdbcConnectionPool pool;

    public NodeDatabase(Path dataDir) {
        // H2's page cache defaults to a few megabytes; an analysis that scans the index of a store of 100,000 patients
        // then re-reads pages from disk for every row and runs several times slower. An eighth of the heap, filled
        // only as pages are read.
        long cacheKb = Math.max(16 * 1024, Runtime.getRuntime().maxMemory() / 8 / 1024);
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dataDir.resolve("db").resolve("node").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;CACHE_SIZE=" + cacheKb, "fedra", ""); // auto-server needs H2's default close-on-exit
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
