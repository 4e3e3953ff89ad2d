package org.fedra.node.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;
import org.fedra.protocol.failure.Failure;

/**
 * The node's record of what it released to each requesting organisation, over all of that organisation's studies and
 * every kind of analysis (feasibility counts, statistics, regression, linkage, training and its evaluation), including
 * the answers that were suppressed, refused or declined. Kept in the node database; the patient sets of released
 * counts never leave the node.
 *
 * <p>Two things follow from it. The differencing check of a new count ({@link ReleaseAuditor}) runs over the
 * organisation's whole history, so a question refused in one study stays refused in a new study of the same
 * organisation. And the organisation's query budget: every distinct charge (a feasibility query, a statistics run, a
 * regression fit, a training job, a linkage) costs one unit, answered or not; when the budget set by the node's policy
 * ({@code queryBudget}) is spent, the node refuses with a {@link org.fedra.protocol.failure.FailureReason#DISCLOSURE}
 * failure until the steward raises it.
 */
public final class ReleaseLedger {
    /** Outcome of a non-count release that was let out. */
    public static final String RELEASED = "released";
    /** Outcome of a contribution the node held back (fewer patients than its minimum: it sent zeros instead). */
    public static final String WITHHELD = "withheld";

    /**
     * One release as the ledger files it.
     *
     * @param organisation the requesting organisation (the study's, as the contract accepted it)
     * @param chargeKey    releases with the same key cost one unit of the budget (e.g. the iterations of one fit)
     */
    public record Release(String organisation, String studyId, String kind, String chargeKey) {
        public Release {
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(studyId, "studyId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(chargeKey, "chargeKey");
        }
    }

    /**
     * An organisation's budget on this node.
     *
     * @param used         distinct charges so far
     * @param limit        the node policy's {@code queryBudget}
     * @param releases     ledger entries (a feasibility query files one per category)
     * @param lastRelease  when the latest entry was filed (null when none)
     */
    public record Budget(String organisation, int used, int limit, int releases, Instant lastRelease) {
        public int remaining() {
            return Math.max(0, limit - used);
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final IntSupplier budget;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param budget the query budget of every organisation (read at each release, so a changed policy applies at once)
     */
    public ReleaseLedger(DataSource dataSource, Clock clock, IntSupplier budget) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.budget = budget;
    }

    /**
     * Decides about counts of one task, in order, against the organisation's history and those of this call released
     * before them; files every one of them (released with its patients, suppressed and refused without) and charges
     * the budget once.
     *
     * @return per label, what was decided
     * @throws Failure (disclosure) when the organisation's budget is spent; nothing is filed then
     */
    Map<String, ReleaseAuditor.Outcome> counts(Release release, long minimum, List<ReleaseAuditor.Count> asked) {
        synchronized (lock(release.organisation())) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    charge(c, release);
                    ReleaseAuditor auditor = new ReleaseAuditor(minimum, history(c, release.organisation()));
                    Map<String, ReleaseAuditor.Outcome> out = new LinkedHashMap<>();
                    for (ReleaseAuditor.Count count : asked) {
                        ReleaseAuditor.Outcome o = auditor.decide(count);
                        out.put(count.label(), o);
                        file(c, release, count.label(), count.fingerprint(), o.wire(),
                                o == ReleaseAuditor.Outcome.RELEASED ? count.patients() : Set.of());
                    }
                    c.commit();
                    return out;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new DataAccessException("recording released counts of study " + release.studyId() + " failed", e);
            }
        }
    }

    /**
     * Files a release that is not a count (a secure-sum contribution, an overlap count, a model update), charging the
     * budget.
     *
     * @param outcome {@link #RELEASED} or {@link #WITHHELD}
     * @throws Failure (disclosure) when the organisation's budget is spent; nothing is filed then
     */
    public void record(Release release, String label, String outcome) {
        synchronized (lock(release.organisation())) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    charge(c, release);
                    file(c, release, label, release.kind(), outcome, Set.of());
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new DataAccessException("recording a release of study " + release.studyId() + " failed", e);
            }
        }
    }

    /** The budget of one organisation (zero used when it never asked). */
    public Budget budget(String organisation) {
        return budgets().stream().filter(b -> b.organisation().equals(organisation)).findFirst()
                .orElse(new Budget(organisation, 0, budget.getAsInt(), 0, null));
    }

    /** Every organisation that was released anything, by name. */
    public List<Budget> budgets() {
        List<Budget> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT organisation, COUNT(DISTINCT charge_key), COUNT(*), MAX(released_at)"
                     + " FROM release_ledger GROUP BY organisation ORDER BY organisation")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp last = rs.getTimestamp(4);
                    out.add(new Budget(rs.getString(1), rs.getInt(2), budget.getAsInt(), rs.getInt(3), last == null ? null : last.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the release ledger failed", e);
        }
        return out;
    }

    /** How many entries the ledger holds for an organisation, by outcome (for tests and the steward). */
    public Map<String, Integer> outcomes(String organisation) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT outcome, COUNT(*) FROM release_ledger WHERE organisation = ? GROUP BY outcome")) {
            s.setString(1, organisation);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the release ledger failed", e);
        }
        return out;
    }

    private Object lock(String organisation) {
        return locks.computeIfAbsent(organisation, k -> new Object());
    }

    private void charge(Connection c, Release release) throws SQLException {
        try (PreparedStatement known = c.prepareStatement("SELECT COUNT(*) FROM release_ledger WHERE organisation = ? AND charge_key = ?")) {
            known.setString(1, release.organisation());
            known.setString(2, release.chargeKey());
            try (ResultSet rs = known.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) return; // already paid for (a later step of the same fit or job)
            }
        }
        int used;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(DISTINCT charge_key) FROM release_ledger WHERE organisation = ?")) {
            s.setString(1, release.organisation());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                used = rs.getInt(1);
            }
        }
        int limit = budget.getAsInt();
        if (used >= limit) {
            throw Failure.disclosure("the query budget of organisation " + release.organisation() + " on this node is spent (" + used
                    + " of " + limit + " releases); nothing was computed or released. The node's data steward can see it with"
                    + " 'fedra node budgets' and raise queryBudget in node-policy.json");
        }
    }

    private List<ReleaseAuditor.Count> history(Connection c, String organisation) throws SQLException {
        Map<String, String[]> entries = new LinkedHashMap<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.entry_id, r.label, r.fingerprint, m.patient_id FROM release_ledger r"
                + " LEFT JOIN release_ledger_member m ON m.entry_id = r.entry_id"
                + " WHERE r.organisation = ? AND r.outcome = 'released' ORDER BY r.seq, m.patient_id")) {
            s.setString(1, organisation);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.putIfAbsent(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                    List<String> m = members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    if (rs.getString(4) != null) m.add(rs.getString(4));
                }
            }
        }
        List<ReleaseAuditor.Count> out = new ArrayList<>();
        entries.forEach((id, e) -> {
            if (!members.get(id).isEmpty()) out.add(new ReleaseAuditor.Count(e[0], e[1], new TreeSet<>(members.get(id))));
        });
        return out;
    }

    private void file(Connection c, Release release, String label, String fingerprint, String outcome, Set<String> patients) throws SQLException {
        long seq;
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM release_ledger")) {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
            }
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO release_ledger (entry_id, seq, organisation, study_id, kind, label,"
                + " fingerprint, outcome, charge_key, released_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setLong(2, seq);
            s.setString(3, release.organisation());
            s.setString(4, release.studyId());
            s.setString(5, release.kind());
            s.setString(6, truncate(label));
            s.setString(7, fingerprint);
            s.setString(8, outcome);
            s.setString(9, truncate(release.chargeKey()));
            s.setTimestamp(10, Timestamp.from(clock.instant()));
            s.executeUpdate();
        }
        if (patients.isEmpty()) return;
        try (PreparedStatement member = c.prepareStatement("INSERT INTO release_ledger_member (entry_id, patient_id) VALUES (?, ?)")) {
            for (String p : patients) {
                member.setString(1, id);
                member.setString(2, p);
                member.addBatch();
            }
            member.executeBatch();
        }
    }

    private static String truncate(String s) {
        return s.length() <= 255 ? s : s.substring(0, 255);
    }
}
