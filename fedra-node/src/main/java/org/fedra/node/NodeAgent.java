package org.fedra.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.node.study.ContractBook;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.CorruptFileException;

/**
 * A running node: enrols on first start, then holds one stream to the hub (mutual TLS) and runs the tasks that come
 * down it, analyses through its {@link TaskPipeline}. Its parts are wired by {@link NodeRuntime}: the connection
 * (heartbeats, reconnection with backoff, cancellation), the task runner, the inventory reporter (the coarsened data
 * inventory for the hub's catalog) and the steward's API when configured. Stops for good only when closed or when the
 * hub refuses it (revocation).
 */
public final class NodeAgent implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeAgent.class);
    private final NodeRuntime runtime;

    private NodeAgent(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts a node. Enrols first if the data directory holds no identity yet (then a token is
     * required); a node that is already enrolled ignores the token and reuses its identity.
     *
     * @throws NodeRefusedException    the hub refused the token
     * @throws HubUnreachableException the hub could not be reached within the configured attempts
     * @throws CorruptFileException    the data directory is missing or damaged (nothing is changed)
     */
    public static NodeAgent start(NodeConfig config, TaskHandlers handlers) {
        return start(config, handlers, new org.fedra.node.posture.DpkgPackages());
    }

    /** As {@link #start(NodeConfig, TaskHandlers)}, with the host's package list read by {@code hostPackages} (tests). */
    public static NodeAgent start(NodeConfig config, TaskHandlers handlers, org.fedra.node.posture.HostPackages hostPackages) {
        Optional<NodeIdentity> existing = NodeIdentity.load(config.dataDir());
        NodeIdentity identity = null;
        if (existing.isPresent()) {
            identity = existing.get();
            if (config.hubAddress() != null && !config.hubAddress().equals(identity.hubAddress())) {
                identity = new NodeIdentity(identity.nodeId(), identity.organisation(), config.hubAddress(), identity.key(),
                        identity.certificate(), identity.caCertificate());
            }
        } else {
            if (config.token() == null || config.token().isBlank()) {
                throw new CorruptFileException(config.dataDir(), Files.exists(config.dataDir())
                        ? "holds no node identity (node.json); enrol with --token" : "does not exist; enrol a new node with --token");
            }
            if (config.hubAddress() == null) {
                throw new IllegalArgumentException("--hub HOST:PORT is required to enrol");
            }
        }
        boolean newDirectory = existing.isEmpty() && !Files.exists(config.dataDir());
        boolean dataKeysExisted = Files.exists(config.dataDir().resolve(NodeDataKeys.FILE));
        // before enrolment, so that a damaged key file or a directory others may write does not cost an enrolment token
        org.fedra.protocol.pki.OwnerOnlyDirectory.prepare(config.dataDir()).forEach(w -> log.warn("{}", w));
        NodeDataKeys keys = NodeDataKeys.loadOrCreate(config.dataDir(), new java.security.SecureRandom());
        if (existing.isEmpty()) {
            try {
                identity = Enroller.enrol(config);
            } catch (NodeRefusedException | HubUnreachableException e) {
                throw failedEnrolment(config.dataDir(), newDirectory, e);
            }
        }
        NodeRuntime runtime = new NodeRuntime(config, identity, keys, handlers, hostPackages);
        if (existing.isEmpty()) {
            runtime.audit.append(AuditAction.NODE_ENROLLED, identity.nodeId() + " (" + identity.organisation() + ") at hub " + identity.hubAddress());
            // the keys this node holds from now on, each named once in its log (their values never are)
            runtime.audit.append(AuditAction.KEY_CREATED, "node key pair (TLS and audit signatures), certified by the federation CA as "
                    + identity.nodeId());
            runtime.audit.append(AuditAction.KEY_CREATED, "data keys (" + NodeDataKeys.FILE + ": pseudonym and object-store keys) "
                    + (dataKeysExisted ? "in use since before enrolment" : "created at this first start"));
        }
        runtime.start();
        return new NodeAgent(runtime);
    }

    /**
     * A failed first enrolment leaves no half-made node behind: a data directory this start created is removed; one
     * that existed before (a steward may have imported data first) is kept, and the message says that the next start
     * reuses it.
     */
    private static RuntimeException failedEnrolment(Path dir, boolean newDirectory, RuntimeException e) {
        String note;
        if (newDirectory) {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
                note = " (the data directory " + dir + " this start created was removed)";
            } catch (java.io.IOException io) {
                note = " (the data directory " + dir + " could not be removed: " + io.getMessage() + "; the next start reuses it)";
            }
        } else {
            note = " (the data directory " + dir + " is kept; the next start with a valid token reuses its keys)";
        }
        return e instanceof NodeRefusedException ? new NodeRefusedException(e.getMessage() + note) : new HubUnreachableException(e.getMessage() + note);
    }

    public String nodeId() {
        return runtime.identity.nodeId();
    }

    public String organisation() {
        return runtime.identity.organisation();
    }

    /** Takes, signs and sends the node's security posture now (it is also sent at each connection and on an interval). */
    public org.fedra.protocol.v1.Posture sendPosture() {
        return runtime.posture.send();
    }

    public Path dataDir() {
        return runtime.config.dataDir();
    }

    /** The node's database, for the modules (data layer, consent) that plug into the node. */
    public DataSource dataSource() {
        return runtime.database.dataSource();
    }

    public AuditLog audit() {
        return runtime.audit;
    }

    /** The node's data: FHIR store, consent engine, importers, patient rights, inventory, object store. */
    public NodeDataLayer dataLayer() {
        return runtime.dataLayer;
    }

    /** What the node's task pipeline is wired with: data layer, audit log, study gate. */
    public NodeServices services() {
        return runtime.services;
    }

    /** The node's task pipeline (running analyses, open secure-sum rounds). */
    public TaskPipeline pipeline() {
        return runtime.pipeline;
    }

    /** The node's code-to-data facilities: approvals of packages by hash, the release queue, the package runner. */
    public org.fedra.node.sandbox.NodePackages packages() {
        return runtime.packages;
    }

    /** The node's study contracts (decided by its policy and its steward). */
    public ContractBook contracts() {
        return runtime.contracts;
    }

    /** The port of the local patient-rights API, or -1 when the node serves none. */
    public int apiPort() {
        return runtime.api == null ? -1 : runtime.api.port();
    }

    /**
     * Publishes the inventory to the hub's catalog if the interval has passed since the last publication and the
     * coarsened counts changed; returns whether it did. Runs on the node's timer; callable to publish without waiting.
     */
    public boolean publishInventoryIfDue() {
        return runtime.inventory.publishIfDue();
    }

    /** Waits until the node holds a live stream to the hub. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return runtime.connection.awaitConnected(timeout);
    }

    /** Completes when the node stops for good: normally on close, exceptionally when the hub refused it. */
    public CompletableFuture<Void> terminated() {
        return runtime.connection.terminated();
    }

    /** Closes the stream and stops; tasks in flight are abandoned (the hub fails them at their deadline). */
    @Override
    public void close() {
        runtime.connection.close();
    }
}
