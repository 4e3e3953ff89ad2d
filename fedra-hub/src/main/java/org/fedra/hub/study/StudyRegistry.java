package org.fedra.hub.study;

import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.audit.AuditAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.fedra.hub.NodeRecord;
import org.fedra.hub.NodeRegistry;
import org.fedra.hub.TaskDispatcher;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.analysis.spi.AnalysisTypes;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.study.ContractStatus;
import org.fedra.protocol.study.Purpose;

/**
 * The hub's studies, stored in its database. A new study is proposed to its nodes as a {@code contract.propose}
 * task; each node's answer (accepted, declined with its reason, awaiting its steward's approval) is recorded and
 * audited. Undecided contracts are asked again before an analysis runs, so a steward's later approval counts.
 */
public final class StudyRegistry implements StudyService {
    /** The analyses a study may list: every registered analysis type. */
    public static final Set<String> ANALYSES = AnalysisTypes.names();
    static final String PROPOSE = "contract.propose";
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final String ORGANISATION = "[A-Za-z0-9\\-.]{1,64}";

    private final DataSource db;
    private final NodeRegistry nodes;
    private final TaskDispatcher tasks;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration proposalDeadline;
    private final StudyRateLimit rateLimit;
    // the rate limit's count and the new study's row are one step, so that concurrent requests cannot both fit
    private final Object creation = new Object();
    private volatile Admission admission = (node, study) -> Optional.empty();
    private final List<java.util.function.Consumer<Study>> createdListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Function<java.util.Collection<String>, Double> studyIndex = nodes -> null;

    /** Whether a node that accepted a study's contract may take part in it now (a quarantined node may not). */
    @FunctionalInterface
    public interface Admission {
        /** Why {@code nodeId} may not take part in {@code study} now, or empty. */
        Optional<String> refusal(String nodeId, Study study);
    }

    private volatile java.util.function.Function<String, Optional<String>> suspension = id -> Optional.empty();

    /** Sets what says a study is suspended (an alert's response): no analysis of it runs. */
    public void suspension(java.util.function.Function<String, Optional<String>> f) {
        this.suspension = f;
    }

    /** Sets what keeps quarantined nodes out of analyses. */
    public void admission(Admission a) {
        this.admission = a;
    }

    /** Calls {@code l} after each new study is recorded and proposed. */
    public void onCreated(java.util.function.Consumer<Study> l) {
        createdListeners.add(l);
    }

    /**
     * Sets how the hub assesses a study's security index for its proposal (the least index of its nodes, stated to each
     * node so that a node policy's minimum index compares with a real value); null when there is none.
     */
    public void studyIndex(java.util.function.Function<java.util.Collection<String>, Double> f) {
        this.studyIndex = f;
    }

    /** A registry with the default {@link StudyRateLimit}. */
    public StudyRegistry(DataSource db, NodeRegistry nodes, TaskDispatcher tasks, AuditLog audit, Clock clock, Duration proposalDeadline) {
        this(db, nodes, tasks, audit, clock, proposalDeadline, StudyRateLimit.DEFAULT);
    }

    /** @param rateLimit how many studies one organisation may create per window */
    public StudyRegistry(DataSource db, NodeRegistry nodes, TaskDispatcher tasks, AuditLog audit, Clock clock, Duration proposalDeadline,
                         StudyRateLimit rateLimit) {
        this.db = db;
        this.nodes = nodes;
        this.tasks = tasks;
        this.audit = audit;
        this.clock = clock;
        this.proposalDeadline = proposalDeadline;
        this.rateLimit = java.util.Objects.requireNonNull(rateLimit, "rateLimit");
    }

    @Override
    public Study create(StudyRequest r) {
        validate(r);
        String id = "study-" + HexFormat.of().formatHex(uuidBytes(), 0, 5);
        Instant now = clock.instant();
        synchronized (creation) {
            insert(r, id, now);
        }
        audit.append(AuditAction.STUDY_CREATED, org.fedra.protocol.audit.Principal.researcher(r.organisation()), id + " \"" + r.title().strip() + "\": purpose " + r.purpose() + ", organisation " + r.organisation()
                + ", nodes " + r.nodes() + ", analyses " + new TreeSet<>(r.analyses()) + (r.allowPartial() ? ", partial results allowed" : "")
                + (r.minimumSecurityIndex() > 0 ? ", minimum security index " + r.minimumSecurityIndex() : ""));
        propose(find(id).orElseThrow(), r.nodes());
        Study created = find(id).orElseThrow();
        createdListeners.forEach(l -> l.accept(created));
        return created;
    }

    /** Records the study unless the organisation's studies within the rate limit's window already reach it. */
    private void insert(StudyRequest r, String id, Instant now) {
        try (Connection c = db.getConnection()) {
            // organisations are compared without case: "Uni" and "uni" are one organisation to a reader, so they share a limit
            List<Instant> earlier = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT created_at FROM studies WHERE LOWER(organisation) = LOWER(?) AND created_at > ?")) {
                s.setString(1, r.organisation());
                s.setTimestamp(2, Timestamp.from(now.minus(rateLimit.window())));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        earlier.add(rs.getTimestamp(1).toInstant());
                    }
                }
            }
            Optional<StudyRateLimit.Refusal> refusal = rateLimit.check(earlier, now);
            if (refusal.isPresent()) {
                StudyRateLimitedException e = new StudyRateLimitedException(r.organisation(), refusal.get());
                audit.append(AuditAction.STUDY_RATE_LIMITED, Principal.researcher(r.organisation()), "study \"" + truncate(r.title().strip(), 200)
                        + "\" not created: " + e.getMessage());
                throw e;
            }
            c.setAutoCommit(false);
            try {
                exec(c, "INSERT INTO studies (id, title, purpose_system, purpose_code, organisation, analyses, allow_partial, created_at, min_security_index)"
                                + " VALUES (?,?,?,?,?,?,?,?,?)",
                        id, r.title().strip(), r.purpose().system(), r.purpose().code(), r.organisation(), String.join(",", new TreeSet<>(r.analyses())),
                        r.allowPartial(), Timestamp.from(now), r.minimumSecurityIndex());
                int position = 0;
                for (String node : r.nodes()) {
                    exec(c, "INSERT INTO study_contracts (study_id, node_id, position, status, reason, decided_at) VALUES (?,?,?,?,?,?)",
                            id, node, position++, ContractStatus.PROPOSED.code(), "proposed to the node, no answer yet", new TypedNull(Types.TIMESTAMP_WITH_TIMEZONE));
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (studies): " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Study> find(String studyId) {
        List<Study> l = studies("SELECT * FROM studies WHERE id = ?", studyId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    @Override
    public List<Study> list() {
        return studies("SELECT * FROM studies ORDER BY created_at DESC, id");
    }

    @Override
    public Study refresh(String studyId) {
        Study s = find(studyId).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no study " + studyId));
        List<String> undecided = s.contracts().stream()
                .filter(c -> !c.state().decided())
                .map(ContractState::nodeId).toList();
        if (!undecided.isEmpty()) {
            propose(s, undecided);
        }
        return find(studyId).orElseThrow();
    }

    @Override
    public Participants participants(String studyId, String analysis) {
        Study s = find(studyId).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no study " + studyId));
        if (!s.analyses().contains(analysis)) {
            throw new StudyException(FailureReason.BAD_INPUT, "study " + studyId + " did not list the analysis " + analysis + " in its plan (it lists "
                    + new TreeSet<>(s.analyses()) + "); create a new study to run it");
        }
        Optional<String> suspended = suspension.apply(studyId);
        if (suspended.isPresent()) {
            throw new StudyException(FailureReason.CONFLICT, "study " + studyId + " is suspended: " + suspended.get());
        }
        s = refresh(studyId);
        List<String> accepted = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (ContractState c : s.contracts()) {
            if (!c.accepted()) {
                excluded.put(c.nodeId(), c.status() + ": " + c.reason());
                continue;
            }
            Optional<String> refused = admission.refusal(c.nodeId(), s);
            if (refused.isPresent()) {
                excluded.put(c.nodeId(), refused.get());
            } else {
                accepted.add(c.nodeId());
            }
        }
        if (accepted.isEmpty()) {
            throw new StudyException(FailureReason.CONFLICT, "no node accepted study " + studyId + ": " + excluded);
        }
        return new Participants(s, accepted, excluded);
    }

    @Override
    public Release recordRelease(String studyId, String analysis, String summary, String figuresJson) {
        Study study = find(studyId).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no study " + studyId));
        Instant now = clock.instant();
        long sequence;
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO study_releases (study_id, analysis, summary, figures, released_at) VALUES (?,?,?,?,?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            bind(s, studyId, analysis, truncate(summary), figuresJson, Timestamp.from(now));
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                sequence = k.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (releases): " + e.getMessage(), e);
        }
        audit.append(AuditAction.STUDY_RELEASE, Principal.researcher(study.organisation()), studyId + " #" + sequence + " " + analysis + ": " + summary);
        return new Release(sequence, studyId, analysis, summary, figuresJson, now);
    }

    @Override
    public List<Release> releases(String studyId) {
        List<Release> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM study_releases WHERE study_id = ? ORDER BY sequence")) {
            s.setString(1, studyId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Release(r.getLong("sequence"), studyId, r.getString("analysis"), r.getString("summary"), r.getString("figures"),
                            r.getTimestamp("released_at").toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (releases): " + e.getMessage(), e);
        }
        return out;
    }

    private void propose(Study s, List<String> to) {
        ObjectNode p = JSON.createObjectNode().put("study", s.id()).put("title", s.title()).put("organisation", s.organisation());
        p.putObject("purpose").put("system", s.purpose().system()).put("code", s.purpose().code());
        ArrayNode a = p.putArray("analyses");
        new TreeSet<>(s.analyses()).forEach(a::add);
        // every node the study asks, not only those asked now: a node compares the set with its earlier studies' to see a
        // repeated study (node policy repeatStudyApproval)
        ArrayNode asked = p.putArray("nodes");
        s.contracts().stream().map(ContractState::nodeId).sorted().forEach(asked::add);
        // the study's index is its weakest node's, from the nodes' postures; without one a node whose policy demands an
        // index declines, which is the safe reading
        Double index = studyIndex.apply(s.contracts().stream().map(ContractState::nodeId).toList());
        if (index != null) {
            p.put("securityIndex", index);
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<TaskOutcome> outcomes;
        try {
            outcomes = tasks.submit(new TaskRequest(s.id() + "/contract", PROPOSE, payload, to, proposalDeadline))
                    .get(proposalDeadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proposing study " + s.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("proposing study " + s.id() + " failed: " + e.getMessage(), e);
        }
        for (TaskOutcome o : outcomes) {
            ContractStatus status;
            String reason;
            Instant decidedAt = null;
            if (o.ok()) {
                try {
                    JsonNode answer = JSON.readTree(o.result());
                    reason = answer.path("reason").asText("");
                    if (answer.path("decidedAt").isTextual()) {
                        decidedAt = Instant.parse(answer.get("decidedAt").asText());
                    }
                    status = switch (answer.path("status").asText("")) {
                        case "accepted", "declined", "awaiting-approval" -> ContractStatus.ofCode(answer.get("status").asText());
                        default -> null;
                    };
                    if (status == null) {
                        status = ContractStatus.UNREACHABLE;
                        reason = "the node answered with an unknown contract status";
                    }
                } catch (IOException | RuntimeException e) {
                    status = ContractStatus.UNREACHABLE;
                    reason = "the node's answer could not be read: " + e.getMessage();
                }
            } else {
                status = ContractStatus.UNREACHABLE;
                reason = o.error();
            }
            ContractState before = s.contracts().stream().filter(c -> c.nodeId().equals(o.nodeId())).findFirst().orElseThrow();
            if (before.state() == status && before.reason().equals(reason)) {
                continue;
            }
            before.state().to(status);
            update("UPDATE study_contracts SET status = ?, reason = ?, decided_at = ? WHERE study_id = ? AND node_id = ?", status.code(), truncate(reason),
                    decidedAt == null ? new TypedNull(Types.TIMESTAMP_WITH_TIMEZONE) : Timestamp.from(decidedAt), s.id(), o.nodeId());
            audit.append(AuditAction.STUDY_CONTRACT, s.id() + " on " + o.nodeId() + ": " + status.code() + (reason.isEmpty() ? "" : " (" + reason + ")"));
        }
    }

    private void validate(StudyRequest r) {
        if (r.title() == null || r.title().isBlank()) {
            throw new StudyException(FailureReason.BAD_INPUT, "title: a study needs a title");
        }
        if (r.title().length() > 500) {
            throw new StudyException(FailureReason.BAD_INPUT, "title: at most 500 characters");
        }
        if (r.purpose() == null) {
            throw new StudyException(FailureReason.BAD_INPUT, "purpose: a study needs a coded purpose, e.g. HRESCH (" + Purpose.ACT_REASON + ")");
        }
        if (r.organisation() == null || !r.organisation().matches(ORGANISATION)) {
            throw new StudyException(FailureReason.BAD_INPUT, "organisation: 1-64 letters, digits, '-' or '.', not " + r.organisation());
        }
        if (r.nodes() == null || r.nodes().isEmpty()) {
            throw new StudyException(FailureReason.BAD_INPUT, "nodes: a study asks at least one node");
        }
        if (new LinkedHashSet<>(r.nodes()).size() != r.nodes().size()) {
            throw new StudyException(FailureReason.BAD_INPUT, "nodes: a node is listed twice: " + r.nodes());
        }
        for (String n : r.nodes()) {
            Optional<NodeRecord> rec = nodes.find(n);
            if (rec.isEmpty()) {
                throw new StudyException(FailureReason.BAD_INPUT, "nodes: no node " + n + " is enrolled");
            }
            if (rec.get().revoked()) {
                throw new StudyException(FailureReason.BAD_INPUT, "nodes: node " + n + " has been revoked");
            }
        }
        if (!(r.minimumSecurityIndex() >= 0 && r.minimumSecurityIndex() <= 100)) {
            throw new StudyException(FailureReason.BAD_INPUT, "minSecurityIndex: a number from 0 to 100 (the security index's scale), not "
                    + r.minimumSecurityIndex());
        }
        if (r.analyses() == null || r.analyses().isEmpty()) {
            throw new StudyException(FailureReason.BAD_INPUT, "analyses: a study lists the analyses it will run, from " + new TreeSet<>(ANALYSES));
        }
        for (String a : r.analyses()) {
            if (!ANALYSES.contains(a)) {
                throw new StudyException(FailureReason.BAD_INPUT, "analyses: unknown analysis \"" + a + "\" (known: " + new TreeSet<>(ANALYSES) + ")");
            }
        }
    }

    private List<Study> studies(String sql, Object... args) {
        List<Study> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String id = r.getString("id");
                    out.add(new Study(id, r.getString("title"), new Purpose(r.getString("purpose_system"), r.getString("purpose_code")),
                            r.getString("organisation"), new LinkedHashSet<>(Arrays.asList(r.getString("analyses").split(","))),
                            r.getBoolean("allow_partial"), r.getTimestamp("created_at").toInstant(), contracts(c, id), r.getDouble("min_security_index")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (studies): " + e.getMessage(), e);
        }
        return out;
    }

    private static List<ContractState> contracts(Connection c, String studyId) throws SQLException {
        List<ContractState> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM study_contracts WHERE study_id = ? ORDER BY position")) {
            s.setString(1, studyId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp t = r.getTimestamp("decided_at");
                    out.add(new ContractState(r.getString("node_id"), ContractStatus.ofCode(r.getString("status")), r.getString("reason"),
                            t == null ? null : t.toInstant()));
                }
            }
        }
        return out;
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection()) {
            exec(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (studies): " + e.getMessage(), e);
        }
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
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

    private record TypedNull(int sqlType) {}

    private static byte[] uuidBytes() {
        UUID u = UUID.randomUUID();
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
            b[8 + i] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return b;
    }

    private static String truncate(String s) {
        return truncate(s, 2000);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
