package org.fedra.node.study;

import java.nio.file.Path;
import org.fedra.node.consent.ConsentEngine;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;

/**
 * Applies a changed {@code node-policy.json} to a running node without a restart: the contract book decides new
 * proposals by it and the consent engine uses its consent defaults for every task that starts afterwards. A file that
 * does not parse changes nothing (the error names the field); a change is written to the audit log with the steward
 * who asked for it.
 */
public final class PolicyReload {
    /** What a reload did. */
    public record Outcome(boolean changed, NodePolicy before, NodePolicy after) {}

    private final Path dataDir;
    private final ContractBook contracts;
    private final ConsentEngine consent;
    private final AuditLog audit;

    public PolicyReload(Path dataDir, ContractBook contracts, ConsentEngine consent, AuditLog audit) {
        this.dataDir = dataDir;
        this.contracts = contracts;
        this.consent = consent;
        this.audit = audit;
    }

    /** The policy the node applies now. */
    public NodePolicy current() {
        return contracts.policy();
    }

    /**
     * Re-reads the policy file (the defaults when there is none) and applies it when it differs from the one in use.
     *
     * @throws IllegalArgumentException the file is not a valid policy; the message names the field, nothing changed
     */
    public synchronized Outcome reload(Principal steward) {
        NodePolicy next;
        try {
            next = NodePolicy.load(dataDir);
        } catch (org.fedra.protocol.pki.CorruptFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        NodePolicy before = contracts.policy();
        if (next.equals(before)) {
            return new Outcome(false, before, before);
        }
        // the audit entry comes first: a change that is not recorded does not take effect
        audit.append(AuditAction.POLICY_CHANGED, steward, NodePolicy.FILE + " reloaded: " + next.toJson() + " (was " + before.toJson() + ")");
        contracts.usePolicy(next);
        consent.useDefaultPolicy(next.consentDefaults());
        return new Outcome(true, before, next);
    }
}
