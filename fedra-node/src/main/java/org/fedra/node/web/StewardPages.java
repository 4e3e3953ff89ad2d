package org.fedra.node.web;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.fedra.node.api.ApiTokens;
import org.fedra.node.consent.AccessLogSearch;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.onboarding.ImportJobs;
import org.fedra.node.pipeline.StudyReleases;
import org.fedra.node.study.PolicyReload;
import org.fedra.protocol.audit.AuditLog;

/**
 * The steward console's pages beyond the studies ({@link StewardConsole}): policy, imports, inventory, access log,
 * releases, audit verification, node status and personal API tokens, each only for a signed-in steward, every state
 * change a POST with the session's CSRF token, audited with the steward's name.
 */
public final class StewardPages implements AutoCloseable {
    private volatile Supplier<NodeStatus> status = () -> null;
    private final ImportJobs imports;

    private StewardPages(ImportJobs imports) {
        this.imports = imports;
    }

    /** Adds the pages to the node's server, beside the portal and the studies page that {@code portal} registered. */
    public static StewardPages register(Javalin app, PatientPortal portal, NodeDataLayer data, Path dataDir, AuditLog audit,
                                        PolicyReload policy, ApiTokens tokens, Clock clock) {
        StewardGate gate = new StewardGate(portal);
        StewardPages pages = new StewardPages(new ImportJobs(data.fhirImporter(), clock));
        PolicyPage policyPage = new PolicyPage(gate, policy, dataDir);
        app.get("/steward/policy", policyPage::show);
        app.post("/steward/policy", policyPage::save);
        ImportsPage importsPage = new ImportsPage(gate, pages.imports, dataDir);
        app.before("/steward/imports", ImportsPage::allowScript);
        app.get("/steward/static/imports.js", ImportsPage::script);
        app.get("/steward/imports", importsPage::show);
        app.post("/steward/imports", importsPage::upload);
        app.get("/steward/imports/{id}/progress", importsPage::progress);
        app.get("/steward/inventory", new InventoryPage(gate, data.inventory())::show);
        app.get("/steward/access-log", new AccessLogPage(gate, new AccessLogSearch(data.store().dataSource()), data.rights())::show);
        app.get("/steward/releases", new ReleasesPage(gate, new StudyReleases(data.store().dataSource()), DisclosureSettings.defaults())::show);
        AuditPage auditPage = new AuditPage(gate, dataDir);
        app.get("/steward/audit", auditPage::show);
        app.post("/steward/audit/verify", auditPage::verify);
        app.get("/steward/status", new StatusPage(gate, () -> pages.status.get(), clock)::show);
        TokensPage tokensPage = new TokensPage(gate, tokens);
        app.get("/steward/tokens", tokensPage::show);
        app.post("/steward/tokens", tokensPage::create);
        app.post("/steward/tokens/{id}/revoke", tokensPage::revoke);
        return pages;
    }

    /** Where the status page reads the node's connection and certificate (the runtime sets it once its connection exists). */
    public void statusFrom(Supplier<NodeStatus> status) {
        this.status = status;
    }

    @Override
    public void close() {
        imports.close();
    }
}
