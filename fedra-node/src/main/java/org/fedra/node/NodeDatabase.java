package org.fedra.node;

import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.storage.DatabaseCredentials;
import org.fedra.protocol.storage.EncryptedH2;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The node's embedded H2 database, migrated by Flyway from {@code classpath:db/node}: the node's
 * own tables (V1-V9) and the data layer's (V10 on). Encrypted at rest with the file key of the node's data keys, and
 * its one user has the random password kept there too.
 *
 * <p>Opened in H2's auto-server mode, so that {@code fedra node import} can write to the database of a running node:
 * the first process to open it listens on a loopback port and writes that port and a connection key to
 * {@code db/node.lock.db}. That file, like the whole data directory, is readable only by the node's own user, and a
 * connection through the port still needs the database password and file key (finding 4 of issue 18: without them
 * another local user is refused).
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

    /**
     * Opens (creating and migrating) the database of {@code dataDir}.
     *
     * @throws CorruptFileException the database file is damaged or the data keys do not open it
     */
    public NodeDatabase(Path dataDir, DatabaseCredentials credentials) {
        // H2's page cache defaults to a few megabytes; an analysis that scans the index of a store of 100,000 patients
        // then re-reads pages from disk for every row and runs several times slower. An eighth of the heap, filled
        // only as pages are read.
        long cacheKb = Math.max(16 * 1024, Runtime.getRuntime().maxMemory() / 8 / 1024);
        Path db = dataDir.resolve("db");
        try {
            // auto-server needs H2's default close-on-exit
            pool = EncryptedH2.open(db.resolve("node"), ";AUTO_SERVER=TRUE;CACHE_SIZE=" + cacheKb, credentials);
        } catch (SQLException e) {
            throw new CorruptFileException(db, "the node database cannot be opened (damaged, or not the database of these data keys): "
                    + EncryptedH2.reason(e), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/node").load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new CorruptFileException(db, "the node database cannot be migrated: " + e.getMessage(), e);
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
