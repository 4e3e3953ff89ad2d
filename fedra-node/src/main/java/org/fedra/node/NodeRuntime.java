package org.fedra.node;

import org.fedra.node.api.NodeApi;
import org.fedra.node.audit.HubAuditHeads;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.node.study.ContractBook;
import org.fedra.node.study.ContractTaskHandler;
import org.fedra.node.study.NodePolicy;
import org.fedra.protocol.audit.AuditHeadSchedule;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.TaskProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of a node, in one place: its database, audit log, policy, data layer, contract book, steward API, task
 * pipeline (with every registered analysis executor), task runner, inventory reporter and connection to the hub.
 * {@link NodeAgent} starts one; closing the connection (or the hub refusing the node) releases it all.
 */
final class NodeRuntime {
    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

    final NodeConfig config;
    final NodeIdentity identity;
    final NodeDatabase database;
    final AuditLog audit;
    final HubAuditHeads auditHeads;
    final NodeDataLayer dataLayer;
    final ContractBook contracts;
    final NodeApi api;
    final NodeServices services;
    final org.fedra.node.sandbox.NodePackages packages;
    final TaskPipeline pipeline;
    final TaskRunner tasks;
    final InventoryReporter inventory;
    final HubConnection connection;
    final org.fedra.node.posture.PostureReporter posture;

    /** How often the node re-sends its posture besides at each connection. */
    static final java.time.Duration POSTURE_INTERVAL = java.time.Duration.ofMinutes(15);

    NodeRuntime(NodeConfig config, NodeIdentity identity, NodeDataKeys keys, TaskHandlers handlers, org.fedra.node.posture.HostPackages hostPackages) {
        this.config = config;
        this.identity = identity;
        this.database = new NodeDatabase(config.dataDir(), keys.database());
        try {
            this.audit = AuditLog.open(config.dataDir(), identity.key(), identity.certificate(), config.clock(), Principal.node(identity.nodeId()));
            this.auditHeads = new HubAuditHeads(audit, identity.certificate(), identity.caCertificate(), new HeldAuditHeads(database.dataSource()),
                    config.clock(), new AuditHeadSchedule(AuditHeadSchedule.EVERY_ENTRIES, AuditHeadSchedule.INTERVAL));
            NodePolicy policy = NodePolicy.load(config.dataDir());
            this.dataLayer = NodeData.layer(database, config.dataDir(), keys, config.clock(), policy.consentDefaults());
            // a missing, corrupt or stale projection is found (and rebuilt) now, not by the first researcher's task
            long projected = dataLayer.projection().ensureCurrent();
            if (!dataLayer.projection().lastRepair().isEmpty()) {
                log.warn("analytic projection rebuilt at start ({}); now at store generation {}", dataLayer.projection().lastRepair(), projected);
            }
            this.contracts = new ContractBook(database.dataSource(), policy, audit, config.clock());
            this.services = new NodeServices(identity.nodeId(), identity.organisation(), config.dataDir(), database.dataSource(), dataLayer,
                    audit, config.clock(), contracts, DisclosureSettings.defaults());
            this.packages = TaskPipeline.packages(services);
            this.api = config.apiPort() < 0 ? null : config.demoSignIn()
                    ? NodeApi.startWithDemoSignIn(dataLayer, config.dataDir(), audit, config.apiBind(), config.apiPort(), contracts, packages)
                    : NodeApi.start(dataLayer, config.dataDir(), audit, config.apiBind(), config.apiPort(), contracts,
                    packages, config.signInConfig() == null ? null : org.fedra.web.OidcProvider.discover(
                            org.fedra.web.SignInSettings.load(config.signInConfig()), config.clock()));
            this.pipeline = TaskPipeline.of(services, org.fedra.node.pipeline.AnalysisExecutors.load(), packages);
            handlers.register(new ContractTaskHandler(contracts));
            pipeline.handlers().forEach(handlers::register);
            this.tasks = new TaskRunner(handlers, pipeline, database.dataSource(), audit, config.clock());
            // the database, the audit log and api.json were created under the process's umask
            org.fedra.protocol.pki.OwnerOnlyDirectory.tighten(config.dataDir());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.connection = new HubConnection(config, identity, audit, tasks, auditHeads, this::release);
        this.inventory = new InventoryReporter(dataLayer, connection::send, audit, config.inventoryInterval(), config.clock());
        this.posture = new org.fedra.node.posture.PostureReporter(
                new org.fedra.node.posture.PostureReporter.Signer(identity.nodeId(), identity.key().getPrivate(), identity.certificate()),
                config.softwareVersion(), config.dataDir(), hostPackages, connection::send, audit, config.clock(), POSTURE_INTERVAL);
        connection.onConnected(posture::connected);
        if (api != null) {
            api.publishInventoryWith(inventory::publishAfterImport);
            api.sendPostureWith(posture::connected);
            api.nodeStatusFrom(() -> new org.fedra.node.web.NodeStatus(identity.nodeId(), identity.hubAddress(), connection.isConnected(),
                    identity.certificate().getNotAfter().toInstant()));
        }
        pipeline.onProgress((task, job, done, total, message) -> {
            try {
                connection.send(NodeMessage.newBuilder().setProgress(TaskProgress.newBuilder().setTaskId(task).setJobId(job)
                        .setDone(done).setTotal(total).setMessage(message)).build());
            } catch (RuntimeException e) {
                // progress is a courtesy: a node between two streams keeps working and reports the result later
            }
        });
    }

    void start() {
        connection.start();
        inventory.start();
        posture.start();
    }

    /** Releases everything but the connection (which calls this when it stops for good). */
    private void release() {
        // This runs on the connection thread that close() interrupted; Jetty's stop waits, and an interrupted wait threw
        // out of here before the database was closed, leaving H2 open (and rewriting files) after the node had stopped.
        boolean interrupted = Thread.interrupted();
        try {
            if (api != null) {
                api.stop();
            }
        } catch (RuntimeException e) {
            log.warn("the node API did not stop cleanly: {}", e.getMessage());
        } finally {
            tasks.close();
            inventory.close();
            posture.close();
            interrupted |= Thread.interrupted();
            try {
                dataLayer.close(); // seals the projection before the store goes away
            } catch (RuntimeException e) {
                log.warn("the analytic projection did not close cleanly: {}", e.getMessage());
            }
            database.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
