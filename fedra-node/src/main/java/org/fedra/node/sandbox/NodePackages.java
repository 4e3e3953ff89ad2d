package org.fedra.node.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.fedra.protocol.audit.AuditLog;

/**
 * A node's code-to-data facilities, wired once: the steward's approvals by hash, the release queue, the package policy
 * of the data directory and the runner over the node's sandbox. The sandbox is made, and its start-up check (a probe
 * run) done, on the first package run, so a node that never runs packages never pays for it.
 */
public final class NodePackages {
    private final PackageApprovals approvals;
    private final ReleaseQueue releases;
    private final AuditLog audit;
    private final Path dataDir;
    private Sandbox sandbox;

    public NodePackages(DataSource db, Path dataDir, AuditLog audit, Clock clock) {
        this.approvals = new PackageApprovals(db, audit, clock);
        this.releases = new ReleaseQueue(db, dataDir.resolve("sandbox").resolve("releases"), audit, clock);
        this.audit = audit;
        this.dataDir = dataDir;
    }

    public PackageApprovals approvals() {
        return approvals;
    }

    public ReleaseQueue releases() {
        return releases;
    }

    /**
     * Where a node's runs get their directories: not in the data directory, which only the node's user may enter, but in
     * the system's temporary directory ({@code fedra-sandbox-<16 hex of the data directory's path hash>}, mode 711), which
     * the sandbox user can reach; each run's directory in it is its own and removed after the run.
     */
    public static Path workDir(Path dataDir) {
        String key = ReleaseQueue.sha256(dataDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Path.of(System.getProperty("java.io.tmpdir"), "fedra-sandbox-" + key.substring(0, 16));
    }

    /**
     * A runner over the node's sandbox (runs under {@link #workDir}, the data directory hidden) with the
     * package policy as the data directory holds it now (a changed policy applies from the next run).
     */
    public synchronized PackageRunner runner() {
        if (sandbox == null) {
            sandbox = new Sandbox(SandboxSettings.debian(workDir(dataDir), List.of(dataDir)));
        }
        return new PackageRunner(sandbox, approvals, releases, audit, PackagePolicy.load(dataDir));
    }
}
