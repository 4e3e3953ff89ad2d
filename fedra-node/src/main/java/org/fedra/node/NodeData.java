package org.fedra.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.OwnerOnlyDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node data directory's data layer opened outside or inside the node process: its database (shared with a
 * running node through H2's auto-server mode), its data keys and its object store in {@code objects/}. Used by
 * {@code fedra node import} and {@code fedra node inventory}, and by {@link NodeAgent}.
 */
public final class NodeData implements AutoCloseable {
    /** Where the encrypted object store lives inside the data directory. */
    public static final String OBJECTS = "objects";
    /** The sealed analytic projection inside the data directory. */
    public static final String PROJECTION = "projection.sealed";
    private static final Logger log = LoggerFactory.getLogger(NodeData.class);

    private final NodeDatabase database;
    private final NodeDataLayer layer;

    private NodeData(NodeDatabase database, NodeDataLayer layer) {
        this.database = database;
        this.layer = layer;
    }

    /**
     * Opens (creating when absent) the data layer of {@code dataDir} with the node's default policy and
     * disclosure settings.
     *
     * @throws CorruptFileException the directory, its key file or its database cannot be used; nothing is changed
     */
    public static NodeData open(Path dataDir, Clock clock) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new CorruptFileException(dataDir, "is not a directory");
        }
        OwnerOnlyDirectory.prepare(dataDir).forEach(log::warn);
        NodeDataKeys keys = NodeDataKeys.loadOrCreate(dataDir, new SecureRandom());
        NodeDatabase db = new NodeDatabase(dataDir, keys.database());
        OwnerOnlyDirectory.tighten(dataDir);
        return new NodeData(db, layer(db, dataDir, keys, clock));
    }

    /** The data layer over an already open database. */
    static NodeDataLayer layer(NodeDatabase db, Path dataDir, NodeDataKeys keys, Clock clock) {
        return layer(db, dataDir, keys, clock, defaultPolicy());
    }

    /** The data layer with the consent defaults of the node's policy. */
    static NodeDataLayer layer(NodeDatabase db, Path dataDir, NodeDataKeys keys, Clock clock, DefaultPolicy consentDefaults) {
        return new NodeDataLayer(db.dataSource(), keys.pseudonymKey(), keys.objectKey(), dataDir.resolve(OBJECTS),
                dataDir.resolve(PROJECTION), consentDefaults, DisclosureSettings.defaults(), clock, new SecureRandom(),
                NodeDataLayer.Validation.STRUCTURAL);
    }

    /** Opt-in for every purpose: a patient's data is used for research only where they permitted it. */
    public static DefaultPolicy defaultPolicy() {
        return DefaultPolicy.optInEverywhere();
    }

    public NodeDataLayer layer() {
        return layer;
    }

    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public void close() {
        layer.close();
        database.close();
    }
}
