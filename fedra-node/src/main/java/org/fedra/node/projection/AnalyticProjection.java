package org.fedra.node.projection;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.IndexEntry;
import org.fedra.node.fhir.StoredResource;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The node's columnar copy of what analyses read: per patient the demographics, per coded fact its resource, code,
 * value, unit and time. It is derived from the FHIR store and labelled with the store generation it reflects;
 * {@link #ensureCurrent()} (called when a task opens its view, and at node start) brings it in step: from the store's
 * change feed when few patients changed, by a rebuild otherwise, and never lets a reader see a generation behind the
 * one it read from the store. At rest it is a {@link SealedSnapshot} (AES-GCM) beside the node's other data.
 *
 * <p>Analyses never read it directly: the consent-filtered view is the one door, and it reads from here.
 */
public final class AnalyticProjection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AnalyticProjection.class);
    /** Above this many changed patients a rebuild is cheaper than patient-by-patient catch-up. */
    static final int CATCH_UP_LIMIT = 5_000;
    private static final byte PATIENT = 'P', FACT = 'F', ERASURE = 'E', END = '.';

    private final FhirStore store;
    private final Path file;
    private final SecretKey key;
    private final SecureRandom random;
    private DuckDBConnection duck;
    private long generation = -1;
    /** Erasures (by id) already removed from the projection, though its generation may not yet include them. */
    private final Set<String> appliedErasures = new HashSet<>();
    private boolean unsaved;
    private String lastRepair = "";

    /**
     * @param store     the source of truth
     * @param file      where the sealed projection rests between runs; null keeps it in memory only (rebuilt per process)
     * @param objectKey the node's object-store key, from which the projection's own key is derived (may be null without a file)
     */
    public AnalyticProjection(FhirStore store, Path file, SecretKey objectKey, SecureRandom random) {
        this.store = store;
        this.file = file;
        this.key = file == null ? null : SealedSnapshot.deriveKey(java.util.Objects.requireNonNull(objectKey, "objectKey"));
        this.random = random;
    }

    /** The store generation the projection reflects (-1 before it is first opened). */
    public synchronized long generation() {
        return generation;
    }

    /** What the last check had to repair (empty when nothing): for the operator's log and for tests. */
    public synchronized String lastRepair() {
        return lastRepair;
    }

    /**
     * Brings the projection in step with the store: loads the sealed file when not yet open (a missing, unreadable or
     * altered file is rebuilt from the store), then applies what changed since its generation. Returns the generation
     * it now reflects, which is at least the store's generation when this was called.
     *
     * @throws ProjectionUnavailableException the store could not be read; nothing may answer from the projection
     */
    public synchronized long ensureCurrent() {
        lastRepair = "";
        try {
            if (duck == null) open();
            long target = store.generation();
            if (generation == target) return generation;
            if (generation > target) {
                repaired("the projection is at generation " + generation + ", ahead of the store's " + target
                        + " (another store?)");
                rebuild();
                return generation;
            }
            FhirStore.Changes changes = store.changesSince(generation);
            if (!appliedErasures.containsAll(changes.erasures())) {
                repaired("the store erased patients the projection still held (generation " + generation + " < " + target + ")");
                rebuild();
            } else if (changes.patients().size() > CATCH_UP_LIMIT) {
                rebuild();
            } else {
                apply(changes.patients(), target);
            }
            return generation;
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("the analytic projection could not be brought in step with the store: "
                    + e.getMessage(), e);
        }
    }

    /** Rebuilds the projection from the store and seals it to its file ({@code fedra node reindex}). */
    public synchronized long rebuild() {
        try {
            if (duck == null) connect();
            long target = store.generation();
            try (Statement s = duck.createStatement()) {
                s.execute("DELETE FROM fact");
                s.execute("DELETE FROM patient");
            }
            try (DuckDBAppender patients = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "patient")) {
                store.forEachOfType("Patient", r -> appendPatient(patients, demographics(r)));
            }
            try (DuckDBAppender facts = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fact")) {
                for (String type : store.countByType().keySet()) {
                    store.forEachFact(type, null, null, f -> appendFact(facts, type, f));
                }
            }
            generation = target;
            appliedErasures.clear();
            unsaved = true;
            save();
            return generation;
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("rebuilding the analytic projection failed: " + e.getMessage(), e);
        }
    }

    /**
     * Removes an erased patient at once (the erasure's own step), and re-seals the file so that no copy at rest keeps
     * them. The erasure id marks the store's change as applied.
     */
    public synchronized void erased(String patientId, String erasureId) {
        if (duck == null) return; // not opened in this process: the next check sees the erasure and rebuilds
        try {
            deletePatients(Set.of(patientId));
            appliedErasures.add(erasureId);
            unsaved = true;
            save();
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("removing an erased patient from the projection failed: " + e.getMessage(), e);
        }
    }

    /** Every patient's demographics, in no particular order. */
    public synchronized void forEachPatient(Consumer<Demographics> consumer) {
        requireOpen();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT patient_id, gender, birth_date FROM patient")) {
            while (rs.next()) {
                java.sql.Date birth = rs.getDate(3);
                consumer.accept(new Demographics(rs.getString(1), rs.getString(2), birth == null ? null : birth.toLocalDate()));
            }
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("reading patients from the projection failed: " + e.getMessage(), e);
        }
    }

    /**
     * The facts of one resource type, optionally of one system (and code), in no particular order, as
     * {@link FhirStore#forEachFact} hands them out.
     */
    public synchronized void forEachFact(String type, String system, String code, Consumer<FhirStore.IndexedFact> consumer) {
        requireOpen();
        StringBuilder sql = new StringBuilder("SELECT resource_id, patient_id, code_system, code, effective_us, value_num, value_unit"
                + " FROM fact WHERE resource_type = ?");
        if (system != null) sql.append(" AND code_system = ?");
        if (system != null && code != null) sql.append(" AND code = ?");
        try (PreparedStatement s = duck.prepareStatement(sql.toString())) {
            s.setString(1, type);
            if (system != null) s.setString(2, system);
            if (system != null && code != null) s.setString(3, code);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long us = rs.getLong(5);
                    Instant at = rs.wasNull() ? null : Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000);
                    double v = rs.getDouble(6);
                    Double value = rs.wasNull() ? null : v;
                    consumer.accept(new FhirStore.IndexedFact(rs.getString(1), rs.getString(2),
                            new IndexEntry(rs.getString(3), rs.getString(4), at, value, rs.getString(7))));
                }
            }
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("reading facts from the projection failed: " + e.getMessage(), e);
        }
    }

    /** Resources and patients per coded concept of one resource type, as the inventory counts them. */
    public record CodeCount(String resourceType, String system, String code, long resources, long patients) {}

    /**
     * Per resource type and coded concept (Consents and Patients aside), the distinct resources and patients, ordered by
     * type, system and code.
     */
    public synchronized List<CodeCount> codeCounts() {
        requireOpen();
        List<CodeCount> out = new java.util.ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT resource_type, code_system, code,"
                + " COUNT(DISTINCT resource_id), COUNT(DISTINCT patient_id) FROM fact WHERE code IS NOT NULL"
                + " AND resource_type NOT IN ('Consent', 'Patient') GROUP BY resource_type, code_system, code"
                + " ORDER BY resource_type, code_system NULLS FIRST, code")) {
            while (rs.next()) {
                out.add(new CodeCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
            }
            return out;
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("counting codes in the projection failed: " + e.getMessage(), e);
        }
    }

    /** Seals unsaved changes to the file and closes the engine. */
    @Override
    public synchronized void close() {
        if (duck == null) return;
        try {
            save();
            duck.close();
        } catch (SQLException e) {
            log.warn("closing the analytic projection: {}", e.getMessage());
        } finally {
            duck = null;
            generation = -1;
        }
    }

    private void requireOpen() {
        if (duck == null) throw new IllegalStateException("the projection is read only after ensureCurrent()");
    }

    private void repaired(String what) {
        lastRepair = what;
        log.warn("analytic projection: {}; rebuilding it from the store", what);
    }

    private void connect() throws SQLException {
        // the driver directly: a shaded jar may not carry the driver's service entry
        duck = (DuckDBConnection) new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
        try (Statement s = duck.createStatement()) {
            // in memory only: DuckDB must not spill plaintext to a temporary directory
            s.execute("SET temp_directory = ''");
            s.execute("CREATE TABLE patient (patient_id VARCHAR NOT NULL, gender VARCHAR, birth_date DATE)");
            s.execute("CREATE TABLE fact (resource_type VARCHAR NOT NULL, resource_id VARCHAR NOT NULL, patient_id VARCHAR NOT NULL,"
                    + " code_system VARCHAR, code VARCHAR, effective_us BIGINT, value_num DOUBLE, value_unit VARCHAR)");
        }
    }

    private void open() throws SQLException {
        connect();
        if (file == null) {
            rebuild();
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            load(SealedSnapshot.opening(in, key));
            log.info("analytic projection loaded from {} at store generation {}", file, generation);
        } catch (NoSuchFileException e) {
            repaired("no projection file at " + file);
            rebuild();
        } catch (IOException | RuntimeException e) {
            repaired("the projection file " + file + " is corrupt (" + e.getMessage() + ")");
            rebuild();
        }
    }

    private void load(DataInputStream in) throws IOException, SQLException {
        long gen = in.readLong();
        Set<String> erasures = new HashSet<>();
        try (DuckDBAppender patients = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "patient");
             DuckDBAppender facts = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fact")) {
            while (true) {
                byte tag;
                try {
                    tag = in.readByte();
                } catch (EOFException e) {
                    throw new IOException("the file has no end mark (truncated)");
                }
                if (tag == END) break;
                switch (tag) {
                    case PATIENT -> {
                        String id = in.readUTF();
                        String gender = readNullable(in);
                        long day = in.readLong();
                        appendPatient(patients, new Demographics(id, gender, day == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(day)));
                    }
                    case FACT -> {
                        facts.beginRow();
                        facts.append(in.readUTF()).append(in.readUTF()).append(in.readUTF());
                        appendNullable(facts, readNullable(in));
                        appendNullable(facts, readNullable(in));
                        if (in.readBoolean()) facts.append(in.readLong()); else facts.appendNull();
                        if (in.readBoolean()) facts.append(in.readDouble()); else facts.appendNull();
                        appendNullable(facts, readNullable(in));
                        facts.endRow();
                    }
                    case ERASURE -> erasures.add(in.readUTF());
                    default -> throw new IOException("unknown record tag " + tag);
                }
            }
        } catch (IOException | SQLException | RuntimeException e) {
            try (Statement s = duck.createStatement()) { // nothing of a partial load may stay
                s.execute("DELETE FROM fact");
                s.execute("DELETE FROM patient");
            }
            throw e;
        }
        generation = gen;
        appliedErasures.clear();
        appliedErasures.addAll(erasures);
        unsaved = false;
    }

    private void save() throws SQLException {
        if (file == null || !unsaved) return;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp); DataOutputStream out = SealedSnapshot.sealing(raw, key, random)) {
                out.writeLong(generation);
                try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT patient_id, gender, birth_date FROM patient")) {
                    while (rs.next()) {
                        out.writeByte(PATIENT);
                        out.writeUTF(rs.getString(1));
                        writeNullable(out, rs.getString(2));
                        java.sql.Date birth = rs.getDate(3);
                        out.writeLong(birth == null ? Long.MIN_VALUE : birth.toLocalDate().toEpochDay());
                    }
                }
                try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT resource_type, resource_id, patient_id,"
                        + " code_system, code, effective_us, value_num, value_unit FROM fact")) {
                    while (rs.next()) {
                        out.writeByte(FACT);
                        out.writeUTF(rs.getString(1));
                        out.writeUTF(rs.getString(2));
                        out.writeUTF(rs.getString(3));
                        writeNullable(out, rs.getString(4));
                        writeNullable(out, rs.getString(5));
                        long us = rs.getLong(6);
                        out.writeBoolean(!rs.wasNull());
                        if (!rs.wasNull()) out.writeLong(us);
                        double v = rs.getDouble(7);
                        out.writeBoolean(!rs.wasNull());
                        if (!rs.wasNull()) out.writeDouble(v);
                        writeNullable(out, rs.getString(8));
                    }
                }
                for (String e : appliedErasures) {
                    out.writeByte(ERASURE);
                    out.writeUTF(e);
                }
                out.writeByte(END);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            unsaved = false;
        } catch (IOException e) {
            throw new ProjectionUnavailableException("sealing the projection to " + file + " failed: " + e.getMessage(), e);
        }
    }

    private void apply(Set<String> patients, long target) throws SQLException {
        deletePatients(patients);
        try (DuckDBAppender p = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "patient");
             DuckDBAppender f = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fact")) {
            for (String id : patients) {
                store.read("Patient", id).ifPresent(r -> appendPatient(p, demographics(r)));
                for (Map.Entry<String, FhirStore.IndexedFact> e : store.factsOfPatient(id)) {
                    appendFact(f, e.getKey(), e.getValue());
                }
            }
        }
        generation = target;
        unsaved = true;
    }

    private void deletePatients(Set<String> patients) throws SQLException {
        if (patients.isEmpty()) return;
        try (PreparedStatement df = duck.prepareStatement("DELETE FROM fact WHERE patient_id = ?");
             PreparedStatement dp = duck.prepareStatement("DELETE FROM patient WHERE patient_id = ?")) {
            for (String id : patients) {
                df.setString(1, id);
                df.executeUpdate();
                dp.setString(1, id);
                dp.executeUpdate();
            }
        }
    }

    private static Demographics demographics(StoredResource r) {
        return Demographics.of((Patient) r.resource());
    }

    private static void appendPatient(DuckDBAppender a, Demographics d) {
        try {
            a.beginRow().append(d.patientId());
            appendNullable(a, d.gender());
            if (d.birthDate() == null) a.appendNull(); else a.append(d.birthDate());
            a.endRow();
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("writing the projection failed: " + e.getMessage(), e);
        }
    }

    private static void appendFact(DuckDBAppender a, String type, FhirStore.IndexedFact f) {
        if (f.patientId() == null) return;
        try {
            IndexEntry e = f.entry();
            a.beginRow().append(type).append(f.resourceId()).append(f.patientId());
            appendNullable(a, e.system());
            appendNullable(a, e.code());
            if (e.effectiveAt() == null) a.appendNull();
            else a.append(Math.addExact(Math.multiplyExact(e.effectiveAt().getEpochSecond(), 1_000_000L), e.effectiveAt().getNano() / 1000));
            if (e.value() == null) a.appendNull(); else a.append(e.value().doubleValue());
            appendNullable(a, e.unit());
            a.endRow();
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("writing the projection failed: " + e.getMessage(), e);
        }
    }

    private static void appendNullable(DuckDBAppender a, String s) throws SQLException {
        if (s == null) a.appendNull(); else a.append(s);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    /** How many patients and facts the projection holds. */
    public record Size(long patients, long facts) {}

    /** The projection's size (after {@link #ensureCurrent()} or {@link #rebuild()}). */
    public synchronized Size size() {
        try {
            long[] n = rowCounts();
            return new Size(n[0], n[1]);
        } catch (SQLException e) {
            throw new ProjectionUnavailableException("counting the projection failed: " + e.getMessage(), e);
        }
    }

    /** The engine's row counts (patients, facts). */
    synchronized long[] rowCounts() throws SQLException {
        requireOpen();
        long[] out = new long[2];
        try (Statement s = duck.createStatement()) {
            for (int i = 0; i < 2; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + List.of("patient", "fact").get(i))) {
                    rs.next();
                    out[i] = rs.getLong(1);
                }
            }
        }
        return out;
    }
}
