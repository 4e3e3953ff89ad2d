package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.Resource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's FHIR R4 store: validated resources kept as canonical JSON, plus an index of codes, effective
 * dates and numeric values. Upserts are idempotent: storing identical content again changes nothing, so an
 * import can be re-run safely. Every write runs in one transaction.
 *
 * <p>This class reads everything; analyses must not use it directly but go through
 * {@code org.fedra.node.consent.ConsentFilteredView}.
 */
public final class FhirStore {
    private static final String SELECT_COLUMNS = "SELECT resource_type, resource_id, patient_id, version, json FROM fhir_resource ";
    private final DataSource dataSource;
    private final Clock clock;
    private final List<ResourceRule> rules;

    /**
     * @param dataSource a database migrated with Flyway from {@code classpath:db/node}
     * @param clock      stamps {@code last_updated}
     * @param rules      extra checks applied before every write (the node wires the consent engine's rule here)
     */
    public FhirStore(DataSource dataSource, Clock clock, List<ResourceRule> rules) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.rules = List.copyOf(rules);
    }

    /**
     * A number that changes with every committed write to the store (raised in the writing transaction, so writes by
     * another process on the same database count too). Whoever keeps data derived from the store reads it before
     * reading the store and trusts the derived data only while it stays the same.
     */
    public long generation() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT generation FROM store_generation WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) throw new DataAccessException("the store's generation row is missing", null);
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DataAccessException("reading the store's generation failed: " + e.getMessage(), e);
        }
    }

    /** Raises the generation inside the caller's transaction and records the patients changed in the change feed. */
    private static void raiseGeneration(Connection c, Collection<String> changedPatients) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE store_generation SET generation = generation + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        long generation;
        try (PreparedStatement s = c.prepareStatement("SELECT generation FROM store_generation WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            generation = rs.getLong(1);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO store_change (generation, patient_id) VALUES (?, ?)")) {
            for (String p : changedPatients) {
                s.setLong(1, generation);
                s.setString(2, p);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A number raised with every committed change to a Consent and every erasure (see {@link #generation()}). */
    public long consentGeneration() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT generation FROM store_generation WHERE id = 2");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) throw new DataAccessException("the store's consent generation row is missing", null);
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DataAccessException("reading the store's consent generation failed: " + e.getMessage(), e);
        }
    }

    private static void raiseConsentGeneration(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE store_generation SET generation = generation + 1 WHERE id = 2")) {
            s.executeUpdate();
        }
    }

    /**
     * What the store's change feed holds after generation {@code since}: the patients whose data changed, and the
     * erasures (by erasure id: the feed keeps no erased pseudonym).
     */
    public record Changes(Set<String> patients, Set<String> erasures) {}

    /** The changes committed after generation {@code since}. */
    public Changes changesSince(long since) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT DISTINCT patient_id FROM store_change WHERE generation > ?")) {
            s.setLong(1, since);
            Set<String> patients = new java.util.HashSet<>();
            Set<String> erasures = new java.util.HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String p = rs.getString(1);
                    if (p.startsWith(ERASURE_MARK)) erasures.add(p.substring(ERASURE_MARK.length()));
                    else patients.add(p);
                }
            }
            return new Changes(patients, erasures);
        } catch (SQLException e) {
            throw new DataAccessException("reading the store's change feed failed: " + e.getMessage(), e);
        }
    }

    /** Prefix of a change-feed row that stands for an erasure (a pseudonym never contains a colon). */
    private static final String ERASURE_MARK = "erasure:";

    public DataSource dataSource() {
        return dataSource;
    }

    /** Validates and stores one resource. */
    public UpsertOutcome upsert(Resource resource) {
        return upsertAll(List.of(resource)).get(0);
    }

    /**
     * Validates all resources, then stores all of them in one transaction, or none: any problem throws
     * {@link InvalidResourceException} before anything is written. A clinical resource must refer to a patient
     * that is stored already or is part of the same call.
     */
    public List<UpsertOutcome> upsertAll(Collection<? extends Resource> resources) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> batchPatients = patientsIn(resources);
                Set<String> known = new java.util.HashSet<>();
                for (Resource r : resources) {
                    List<String> problems = problems(c, r, batchPatients, known);
                    if (!problems.isEmpty()) {
                        throw new InvalidResourceException(ResourceValidator.describe(r) + ": " + String.join("; ", problems));
                    }
                }
                List<UpsertOutcome> out = new ArrayList<>(resources.size());
                Set<String> changedPatients = new java.util.TreeSet<>();
                try (Writer w = new Writer(c)) {
                    for (Resource r : resources) {
                        UpsertOutcome o = w.write(r);
                        out.add(o);
                        if (o != UpsertOutcome.UNCHANGED) {
                            PatientReferences.patientId(r).ifPresent(changedPatients::add);
                        }
                    }
                }
                if (out.stream().anyMatch(o -> o != UpsertOutcome.UNCHANGED)) {
                    raiseGeneration(c, changedPatients);
                }
                int i = 0;
                for (Resource r : resources) {
                    if (out.get(i++) != UpsertOutcome.UNCHANGED && "Consent".equals(r.fhirType())) {
                        raiseConsentGeneration(c);
                        break;
                    }
                }
                c.commit();
                return out;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("storing " + resources.size() + " resources failed: " + e.getMessage(), e);
        }
    }

    /**
     * Everything that would stop this resource from being stored (empty when storable), given the patients
     * that arrive together with it.
     */
    public List<String> problems(Resource r, Set<String> patientsArrivingTogether) {
        return problems(List.of(r), patientsArrivingTogether).get(0);
    }

    /**
     * {@link #problems(Resource, Set)} for many resources in order, on one connection; a resource that is
     * storable adds nothing to the set (callers add the Patients they accept).
     */
    public List<List<String>> problems(List<? extends Resource> resources, Set<String> patientsArrivingTogether) {
        try (Connection c = dataSource.getConnection()) {
            Set<String> known = new java.util.HashSet<>();
            List<List<String>> out = new ArrayList<>(resources.size());
            for (Resource r : resources) {
                out.add(problems(c, r, patientsArrivingTogether, known));
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("checking resources failed", e);
        }
    }

    /** @param known patients already seen to exist in the store during this call (a cache) */
    private List<String> problems(Connection c, Resource r, Set<String> batchPatients, Set<String> known) throws SQLException {
        List<String> problems = new ArrayList<>(ResourceValidator.problems(r));
        if (problems.isEmpty()) {
            for (ResourceRule rule : rules) {
                problems.addAll(rule.problems(r));
            }
        }
        if (problems.isEmpty() && !"Patient".equals(r.fhirType())) {
            String patient = PatientReferences.patientId(r).orElseThrow();
            if (!batchPatients.contains(patient) && !known.contains(patient)) {
                if (exists(c, "Patient", patient)) {
                    known.add(patient);
                } else {
                    problems.add("refers to Patient/" + patient + ", which is not stored on this node");
                }
            }
        }
        return problems;
    }

    private static Set<String> patientsIn(Collection<? extends Resource> resources) {
        Set<String> ids = new java.util.HashSet<>();
        for (Resource r : resources) {
            if ("Patient".equals(r.fhirType()) && r.getIdElement().getIdPart() != null) {
                ids.add(r.getIdElement().getIdPart());
            }
        }
        return ids;
    }

    /** Writes resources on one connection, reusing statements and batching index rows. */
    private final class Writer implements AutoCloseable {
        private final PreparedStatement select, insert, update, deleteIndex, insertIndex;
        private final Timestamp now = Timestamp.from(clock.instant());

        Writer(Connection c) throws SQLException {
            select = c.prepareStatement("SELECT version, content_hash FROM fhir_resource WHERE resource_type = ? AND resource_id = ?");
            insert = c.prepareStatement("INSERT INTO fhir_resource (resource_type, resource_id, patient_id,"
                    + " version, content_hash, json, last_updated) VALUES (?, ?, ?, 1, ?, ?, ?)");
            update = c.prepareStatement("UPDATE fhir_resource SET patient_id = ?, version = ?, content_hash = ?,"
                    + " json = ?, last_updated = ? WHERE resource_type = ? AND resource_id = ?");
            deleteIndex = c.prepareStatement("DELETE FROM fhir_index WHERE resource_type = ? AND resource_id = ?");
            insertIndex = c.prepareStatement("INSERT INTO fhir_index (resource_type, resource_id, patient_id,"
                    + " code_system, code, effective_at, value_num, value_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        }

        UpsertOutcome write(Resource r) throws SQLException {
            String type = r.fhirType();
            String id = r.getIdElement().getIdPart();
            String patient = PatientReferences.patientId(r).orElse(null);
            String json = FhirCodec.encode(r);
            String hash = sha256(json);
            Integer version = null;
            String oldHash = null;
            select.setString(1, type);
            select.setString(2, id);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    version = rs.getInt(1);
                    oldHash = rs.getString(2);
                }
            }
            if (hash.equals(oldHash)) {
                return UpsertOutcome.UNCHANGED;
            }
            if (version == null) {
                insert.setString(1, type);
                insert.setString(2, id);
                insert.setString(3, patient);
                insert.setString(4, hash);
                insert.setString(5, json);
                insert.setTimestamp(6, now);
                insert.executeUpdate();
            } else {
                update.setString(1, patient);
                update.setInt(2, version + 1);
                update.setString(3, hash);
                update.setString(4, json);
                update.setTimestamp(5, now);
                update.setString(6, type);
                update.setString(7, id);
                update.executeUpdate();
                insertIndex.executeBatch(); // the same resource may have been written earlier in this call
                deleteIndex.setString(1, type);
                deleteIndex.setString(2, id);
                deleteIndex.executeUpdate();
            }
            for (IndexEntry e : ResourceIndexer.entries(r)) {
                insertIndex.setString(1, type);
                insertIndex.setString(2, id);
                insertIndex.setString(3, patient);
                insertIndex.setString(4, e.system());
                insertIndex.setString(5, e.code());
                if (e.effectiveAt() == null) {
                    insertIndex.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    insertIndex.setTimestamp(6, Timestamp.from(e.effectiveAt()));
                }
                if (e.value() == null) {
                    insertIndex.setNull(7, Types.DOUBLE);
                } else {
                    insertIndex.setDouble(7, e.value());
                }
                insertIndex.setString(8, e.unit());
                insertIndex.addBatch();
            }
            return version == null ? UpsertOutcome.CREATED : UpsertOutcome.UPDATED;
        }

        @Override
        public void close() throws SQLException {
            try {
                insertIndex.executeBatch();
            } finally {
                select.close();
                insert.close();
                update.close();
                deleteIndex.close();
                insertIndex.close();
            }
        }
    }

    private static boolean exists(Connection c, String type, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM fhir_resource WHERE resource_type = ? AND resource_id = ?")) {
            s.setString(1, type);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean exists(String type, String id) {
        try (Connection c = dataSource.getConnection()) {
            return exists(c, type, id);
        } catch (SQLException e) {
            throw new DataAccessException("reading " + type + "/" + id + " failed", e);
        }
    }

    public Optional<StoredResource> read(String type, String id) {
        List<StoredResource> r = query(SELECT_COLUMNS + "WHERE resource_type = ? AND resource_id = ?", type, id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** All resources of a patient, the Patient itself first. */
    public List<StoredResource> ofPatient(String patientId) {
        return query(SELECT_COLUMNS + "WHERE patient_id = ? ORDER BY CASE WHEN resource_type = 'Patient' THEN 0 ELSE 1 END,"
                + " resource_type, resource_id", patientId);
    }

    /** All resources of one type, ordered by patient then id (stable for analyses). */
    public List<StoredResource> ofType(String type) {
        return query(SELECT_COLUMNS + "WHERE resource_type = ? ORDER BY patient_id, resource_id", type);
    }

    /**
     * Streams all resources of one type in no particular order, without holding them (a million Patients do not fit a
     * list); on PostgreSQL through a cursor.
     */
    public void forEachOfType(String type, java.util.function.Consumer<StoredResource> consumer) {
        try (Connection c = dataSource.getConnection()) {
            boolean h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
            boolean autoCommit = c.getAutoCommit();
            if (!h2) c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(SELECT_COLUMNS + "WHERE resource_type = ?")) {
                s.setString(1, type);
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new StoredResource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
                    }
                }
            } finally {
                if (!h2) {
                    c.commit();
                    c.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the " + type + " resources failed: " + e.getMessage(), e);
        }
    }

    /** Resources of a type carrying a code (any coding of the indexed concepts). */
    public List<StoredResource> withCode(String type, String system, String code) {
        return query("SELECT r.resource_type, r.resource_id, r.patient_id, r.version, r.json FROM fhir_resource r"
                + " WHERE r.resource_type = ? AND EXISTS (SELECT 1 FROM fhir_index i WHERE i.resource_type = r.resource_type"
                + " AND i.resource_id = r.resource_id AND i.code_system = ? AND i.code = ?) ORDER BY r.patient_id, r.resource_id",
                type, system, code);
    }

    /** One row of the index: a fact of one resource of one patient. */
    public record IndexedFact(String resourceId, String patientId, IndexEntry entry) {}

    /**
     * Streams the index facts of one resource type, optionally only those of one code system (and code), in no
     * particular order; facts of resources without a patient are skipped. Reading facts instead of resources spares
     * parsing JSON, which dominates any scan of a large store; and the database need not sort them, which on a store of
     * a million records spilled to disk and took minutes. Callers narrow by code where they can: H2 holds a query's
     * whole result (its lazy streaming loses pages when other connections write during a long read, H2 issue 4142),
     * PostgreSQL streams it through a cursor.
     *
     * @param system null for every system
     * @param code   null for every code of the system
     */
    public void forEachFact(String type, String system, String code, java.util.function.Consumer<IndexedFact> consumer) {
        StringBuilder sql = new StringBuilder("SELECT resource_id, patient_id, code_system, code, effective_at, value_num, value_unit"
                + " FROM fhir_index WHERE resource_type = ? AND patient_id IS NOT NULL");
        List<String> params = new ArrayList<>(List.of(type));
        if (system != null) {
            sql.append(" AND code_system = ?");
            params.add(system);
            if (code != null) {
                sql.append(" AND code = ?");
                params.add(code);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            boolean h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
            boolean autoCommit = c.getAutoCommit();
            if (!h2) {
                c.setAutoCommit(false); // PostgreSQL uses a cursor (and the fetch size) only inside a transaction
            }
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    s.setString(i + 1, params.get(i));
                }
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Timestamp at = rs.getTimestamp(5);
                        double v = rs.getDouble(6);
                        Double value = rs.wasNull() ? null : v;
                        consumer.accept(new IndexedFact(rs.getString(1), rs.getString(2),
                                new IndexEntry(rs.getString(3), rs.getString(4), at == null ? null : at.toInstant(), value, rs.getString(7))));
                    }
                }
            } finally {
                if (!h2) {
                    c.commit();
                    c.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the " + type + " index failed: " + e.getMessage(), e);
        }
    }

    /** The index facts of one patient's resources, by resource type (a handful of rows: no streaming needed). */
    public List<Map.Entry<String, IndexedFact>> factsOfPatient(String patientId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT resource_type, resource_id, patient_id, code_system, code, effective_at,"
                     + " value_num, value_unit FROM fhir_index WHERE patient_id = ?")) {
            s.setString(1, patientId);
            List<Map.Entry<String, IndexedFact>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(6);
                    double v = rs.getDouble(7);
                    Double value = rs.wasNull() ? null : v;
                    out.add(Map.entry(rs.getString(1), new IndexedFact(rs.getString(2), rs.getString(3),
                            new IndexEntry(rs.getString(4), rs.getString(5), at == null ? null : at.toInstant(), value, rs.getString(8)))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading the index of a patient failed: " + e.getMessage(), e);
        }
    }

    /** Number of stored resources per type. */
    public Map<String, Integer> countByType() {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT resource_type, COUNT(*) FROM fhir_resource GROUP BY resource_type ORDER BY resource_type");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("counting resources failed", e);
        }
    }

    /**
     * Deletes every resource of a patient (and the Patient) with their index rows, inside the caller's
     * transaction so that erasure can remove other traces atomically (the store's generation is raised in it too).
     * Returns the number of resources removed.
     */
    public int deletePatient(Connection c, String patientId) throws SQLException {
        return deletePatient(c, patientId, java.util.UUID.randomUUID().toString());
    }

    /** {@link #deletePatient(Connection, String)} recording the erasure in the change feed under {@code erasureId}. */
    public int deletePatient(Connection c, String patientId, String erasureId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM fhir_index WHERE patient_id = ?")) {
            s.setString(1, patientId);
            s.executeUpdate();
        }
        raiseGeneration(c, List.of(ERASURE_MARK + erasureId)); // the erased pseudonym is not recorded
        raiseConsentGeneration(c); // the patient's Consents go too
        try (PreparedStatement s = c.prepareStatement("DELETE FROM fhir_resource WHERE patient_id = ?")) {
            s.setString(1, patientId);
            return s.executeUpdate();
        }
    }

    List<StoredResource> query(String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            List<StoredResource> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredResource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("query failed: " + e.getMessage(), e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
