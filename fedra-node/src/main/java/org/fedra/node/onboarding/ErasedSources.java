package org.fedra.node.onboarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;

/**
 * The suppression list of erased patients: a keyed hash of each source reference an erased patient was imported
 * under ({@code Patient/<source id>}, {@code identifier:<system>|<value>}), so that importing the same source again
 * does not bring them back (issue 18 finding 9). The hash uses the node's pseudonym key in its own domain
 * ({@code erased/...}): it is neither the patient's pseudonym nor reversible without the key, and nothing else about
 * the patient is kept.
 */
public final class ErasedSources {
    private static final String DOMAIN = "erased";
    private final DataSource dataSource;
    private final Pseudonymiser pseudonymiser;

    public ErasedSources(DataSource dataSource, Pseudonymiser pseudonymiser) {
        this.dataSource = dataSource;
        this.pseudonymiser = pseudonymiser;
    }

    /** Adds the source references of an erased patient, inside the erasure's transaction. */
    public void record(Connection c, Collection<String> sourceReferences, Instant erasedAt) throws SQLException {
        // portable (H2 and PostgreSQL): a hash already listed (the same identifier of an earlier erasure) stays as it is
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM erased_source WHERE source_hash = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO erased_source (source_hash, erased_at) VALUES (?, ?)")) {
            for (String ref : new LinkedHashSet<>(sourceReferences)) {
                exists.setString(1, hash(ref));
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                insert.setString(1, hash(ref));
                insert.setTimestamp(2, Timestamp.from(erasedAt));
                insert.executeUpdate();
            }
        }
    }

    /** Which of {@code sourceReferences} belong to an erased patient. */
    public Set<String> erasedAmong(Collection<String> sourceReferences) {
        Set<String> erased = new LinkedHashSet<>();
        if (sourceReferences.isEmpty()) {
            return erased;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM erased_source WHERE source_hash = ?")) {
            for (String ref : sourceReferences) {
                s.setString(1, hash(ref));
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        erased.add(ref);
                    }
                }
            }
            return erased;
        } catch (SQLException e) {
            throw new DataAccessException("reading the erasure suppression list failed", e);
        }
    }

    private String hash(String sourceReference) {
        return pseudonymiser.pseudonym(DOMAIN, sourceReference);
    }
}
