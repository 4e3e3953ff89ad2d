package org.fedra.node.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;

/**
 * What the node released, per study, as its {@link ReleaseLedger} filed it: per study, kind of analysis and outcome,
 * how many entries and when the latest was. Reads only; no patient set is read.
 */
public final class StudyReleases {
    /** One line of the summary. */
    public record Line(String studyId, String organisation, String kind, String outcome, int entries, Instant latest) {}

    private final DataSource dataSource;

    public StudyReleases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every study's lines, by study, kind and outcome. */
    public List<Line> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT study_id, organisation, kind, outcome, COUNT(*), MAX(released_at) FROM release_ledger"
                     + " GROUP BY study_id, organisation, kind, outcome ORDER BY study_id, kind, outcome");
             ResultSet rs = s.executeQuery()) {
            List<Line> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getTimestamp(6).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading the release ledger failed", e);
        }
    }
}
