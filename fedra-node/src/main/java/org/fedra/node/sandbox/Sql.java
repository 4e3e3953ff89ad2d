package org.fedra.node.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;

/** The few JDBC helpers the stores of this package share. */
final class Sql {
    /** A NULL with its SQL type, which PostgreSQL needs to bind it. */
    record Null(int type) {}

    static final Null NULL_TEXT = new Null(Types.VARCHAR);
    static final Null NULL_TIME = new Null(Types.TIMESTAMP_WITH_TIMEZONE);

    private Sql() {}

    static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Null n) s.setNull(i + 1, n.type());
            else s.setObject(i + 1, args[i]);
        }
    }

    /** Runs one statement; {@code what} names the table in an error. */
    static int update(DataSource db, String what, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("writing " + what + " failed", e);
        }
    }
}
