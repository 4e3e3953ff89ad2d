package org.fedra.node.study;

import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.study.ContractStatus;
import org.fedra.protocol.study.Purpose;

/**
 * The node's contracts, decided from its {@link NodePolicy} and, where the policy says so, by the data steward. It
 * is the node's {@link StudyGate}: an analysis task runs only under an accepted contract that lists the analysis.
 * Every decision, and every task refused for want of a contract, is written to the node's audit log.
 */
public final class ContractBook implements StudyGate {
    private final DataSource db;
    // replaced when the steward reloads node-policy.json; decisions already taken stay as they were
    private volatile NodePolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public ContractBook(DataSource db, NodePolicy policy, AuditLog audit, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    public NodePolicy policy() {
        return policy;
    }

    /** Decides proposals that arrive from now on by {@code policy}; contracts already decided are kept. */
    public void usePolicy(NodePolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
    }

    /**
     * Decides a proposal from the policy, or returns the decision already taken for the study (a proposal is
     * decided once; the hub asks again to learn a steward's later decision).
     */
    public synchronized Contract propose(ContractProposal p) {
        Optional<Contract> existing = find(p.studyId());
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        NodePolicy current = policy;
        Decision d = decide(current, p);
        Contract c = d.state() == ContractStatus.AWAITING_APPROVAL
                ? contract(p, d.state(), d.reason(), now, null, null)
                : contract(p, d.state(), d.reason(), now, now, "policy");
        update("INSERT INTO contracts (study_id, title, purpose_system, purpose_code, organisation, analyses, status, reason, proposed_at, decided_at, decided_by, nodes)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", c.studyId(), truncate(c.title(), 500), c.purpose().system(), c.purpose().code(),
                c.organisation(), analysesKey(c.analyses()), c.status(), c.reason(), Timestamp.from(now),
                c.decidedAt() == null ? new TypedNull(Types.TIMESTAMP_WITH_TIMEZONE) : Timestamp.from(c.decidedAt()),
                c.decidedBy() == null ? new TypedNull(Types.VARCHAR) : c.decidedBy(),
                p.nodes().isEmpty() ? new TypedNull(Types.VARCHAR) : nodesKey(p.nodes()));
        audit.append(action(c.state()), "study " + c.studyId() + " (" + c.purpose() + " for " + c.organisation() + ", analyses "
                + new TreeSet<>(c.analyses()) + "): " + c.reason());
        return c;
    }

    /** What the policy makes of a proposal before any steward has looked at it: a state and its grounds. */
    private record Decision(ContractStatus state, String reason) {}

    private Decision decide(NodePolicy current, ContractProposal p) {
        String refusal = ContractBookDecisions.refusal(current, p);
        if (refusal != null) {
            return new Decision(ContractStatus.DECLINED, refusal);
        }
        if (current.repeatStudyApproval()) {
            Optional<String> repeated = repeated(p);
            if (repeated.isPresent()) {
                return new Decision(ContractStatus.AWAITING_APPROVAL, repeated.get()
                        + "; this node's policy (repeatStudyApproval) asks the data steward to approve a repeated study");
            }
        }
        if (current.stewardApproval()) {
            return new Decision(ContractStatus.AWAITING_APPROVAL, "the node's policy requires the data steward's approval");
        }
        return new Decision(ContractStatus.ACCEPTED, "accepted by the node's policy");
    }

    /**
     * The newest earlier study on this node that the proposal repeats, in words: the same organisation (compared without
     * case, as the hub's rate limit does), the same nodes and the same analyses. A study defines its analyses by name only
     * (their parameters come with each query, where the query auditor counts them), so that is what is compared. Empty
     * when there is none, or when the hub did not say which nodes the study asks.
     */
    private Optional<String> repeated(ContractProposal p) {
        if (p.nodes().isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT study_id, status, proposed_at FROM contracts"
                + " WHERE LOWER(organisation) = LOWER(?) AND analyses = ? AND nodes = ? AND study_id <> ?"
                + " ORDER BY proposed_at DESC, study_id FETCH FIRST 1 ROWS ONLY")) {
            bind(s, p.organisation(), analysesKey(p.analyses()), nodesKey(p.nodes()), p.studyId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of("the study repeats study " + r.getString("study_id") + " of " + p.organisation() + " (proposed "
                        + r.getTimestamp("proposed_at").toInstant() + ", " + ContractStatus.ofCode(r.getString("status")).code()
                        + "): the same " + p.nodes().size() + (p.nodes().size() == 1 ? " node" : " nodes") + " and the same analyses "
                        + new TreeSet<>(p.analyses()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("node database (contracts): " + e.getMessage(), e);
        }
    }

    private static String analysesKey(java.util.Set<String> analyses) {
        return String.join(",", new TreeSet<>(analyses));
    }

    /** The study's nodes as stored: sorted and comma-separated, or their SHA-256 when that would not fit the column. */
    private static String nodesKey(java.util.Set<String> nodes) {
        String joined = String.join(",", new TreeSet<>(nodes));
        if (joined.length() <= 4000) {
            return joined;
        }
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(joined.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The steward approves a study awaiting approval. */
    public synchronized Contract approve(String studyId, String steward) {
        return decide(studyId, steward, ContractStatus.ACCEPTED, "approved by the data steward" + (steward == null || steward.isBlank() ? "" : " (" + steward + ")"));
    }

    /** The steward rejects a study awaiting approval; the reason is sent to the hub. */
    public synchronized Contract reject(String studyId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason the researcher can read");
        }
        return decide(studyId, null, ContractStatus.DECLINED, "rejected by the data steward: " + reason);
    }

    public Optional<Contract> find(String studyId) {
        List<Contract> l = query("SELECT * FROM contracts WHERE study_id = ?", studyId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Every contract, newest proposal first; only those awaiting approval when {@code awaitingOnly}. */
    public List<Contract> list(boolean awaitingOnly) {
        return awaitingOnly
                ? query("SELECT * FROM contracts WHERE status = ? ORDER BY proposed_at DESC, study_id", ContractStatus.AWAITING_APPROVAL.code())
                : query("SELECT * FROM contracts ORDER BY proposed_at DESC, study_id");
    }

    @Override
    public AuthorisedStudy authorise(String studyId, String analysis) {
        Optional<Contract> c = studyId == null ? Optional.empty() : find(studyId);
        String why;
        if (c.isEmpty()) {
            why = "no contract for study " + studyId + " on this node";
        } else if (c.get().state() == ContractStatus.AWAITING_APPROVAL) {
            why = "study " + studyId + " awaits the data steward's approval on this node";
        } else if (!c.get().accepted()) {
            why = "study " + studyId + " was declined by this node: " + c.get().reason();
        } else if (!c.get().analyses().contains(analysis)) {
            why = "the contract of study " + studyId + " does not cover the analysis " + analysis + " (it covers " + new TreeSet<>(c.get().analyses()) + ")";
        } else {
            return new AuthorisedStudy(studyId, c.get().purpose(), c.get().organisation(), c.get().analyses());
        }
        audit.append(AuditAction.CONTRACT_TASK_REFUSED, analysis + " for study " + studyId + ": " + why);
        throw new StudyNotAuthorisedException(why);
    }

    private Contract decide(String studyId, String steward, ContractStatus status, String reason) {
        Contract c = find(studyId).orElseThrow(() -> new UnknownContractException("no contract for study " + studyId + " on this node"));
        if (c.state() != ContractStatus.AWAITING_APPROVAL) {
            throw new ContractAlreadyDecidedException("study " + studyId + " is already " + c.status() + " (" + c.reason() + ")");
        }
        Instant now = clock.instant();
        c.state().to(status);
        update("UPDATE contracts SET status = ?, reason = ?, decided_at = ?, decided_by = 'steward' WHERE study_id = ?",
                status.code(), reason, Timestamp.from(now), studyId);
        audit.append(action(status), Principal.steward(steward), "study " + studyId + ": " + reason);
        return find(studyId).orElseThrow();
    }

    /** The audit action of a decision. */
    private static AuditAction action(ContractStatus status) {
        return switch (status) {
            case ACCEPTED -> AuditAction.CONTRACT_ACCEPTED;
            case DECLINED -> AuditAction.CONTRACT_DECLINED;
            case AWAITING_APPROVAL -> AuditAction.CONTRACT_AWAITING_APPROVAL;
            default -> throw new IllegalArgumentException("a node does not decide " + status);
        };
    }

    private static Contract contract(ContractProposal p, ContractStatus status, String reason, Instant proposedAt, Instant decidedAt, String by) {
        return new Contract(p.studyId(), p.title(), p.purpose(), p.organisation(), p.analyses(), status, reason, proposedAt, decidedAt, by);
    }

    private List<Contract> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            List<Contract> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp decided = r.getTimestamp("decided_at");
                    String analyses = r.getString("analyses");
                    out.add(new Contract(r.getString("study_id"), r.getString("title"), new Purpose(r.getString("purpose_system"), r.getString("purpose_code")),
                            r.getString("organisation"), analyses.isEmpty() ? java.util.Set.of() : new LinkedHashSet<>(Arrays.asList(analyses.split(","))),
                            ContractStatus.ofCode(r.getString("status")), r.getString("reason"), r.getTimestamp("proposed_at").toInstant(),
                            decided == null ? null : decided.toInstant(), r.getString("decided_by")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("node database (contracts): " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("node database (contracts): " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof TypedNull n) {
                s.setNull(i + 1, n.sqlType());
            } else {
                s.setObject(i + 1, args[i]);
            }
        }
    }

    /** A SQL NULL with its type, which PostgreSQL needs to bind it. */
    private record TypedNull(int sqlType) {}

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
