package org.fedra.protocol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.ChangeFileEncryption;

/**
 * Opens an embedded H2 database encrypted at rest ({@code CIPHER=AES}) and guarded by a user password, so that
 * neither a copy of its file nor a connection by another local user (through the auto-server's port) reads it.
 *
 * <p>A database written by an earlier version (unencrypted, empty password) is upgraded on its first opening: the
 * file is encrypted in place by H2's own tool, then the user's password is set. Both steps are idempotent, so a crash
 * between them is finished by the next start; the credentials must already be stored before this runs.
 */
public final class EncryptedH2 {
    /** The one database user of hub and node. */
    public static final String USER = "fedra";
    private static final byte[] ENCRYPTED_HEADER = "H2encrypt".getBytes(StandardCharsets.US_ASCII);
    /** How an unencrypted MVStore file begins (its first file header, "H:2,block:..."). */
    private static final byte[] PLAIN_HEADER = "H:2,".getBytes(StandardCharsets.US_ASCII);

    private EncryptedH2() {}

    /**
     * A connection pool over the database at {@code base} (a path without H2's {@code .mv.db} suffix).
     *
     * @param settings further URL settings, each starting with {@code ;} (may be empty)
     * @throws SQLException the file is damaged, or the credentials do not open it
     */
    public static JdbcConnectionPool open(Path base, String settings, DatabaseCredentials credentials) throws SQLException {
        Path file = base.resolveSibling(base.getFileName() + ".mv.db");
        // Only a file that is plainly an unencrypted H2 store is converted: an empty or half-written header (a store
        // another process is creating this instant) must never be rewritten under it.
        if (Files.exists(file) && startsWith(file, PLAIN_HEADER)) {
            ChangeFileEncryption.execute(base.getParent().toString(), base.getFileName().toString(), "AES", null,
                    credentials.fileKey().toCharArray(), true);
        }
        String url = url(base, settings);
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, USER, credentials.fileKey() + " " + credentials.password());
        try (Connection c = pool.getConnection()) {
            return pool;
        } catch (SQLException e) {
            pool.dispose();
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
        }
        // an upgraded database still has the empty password it was created with
        JdbcConnectionPool old = JdbcConnectionPool.create(url, USER, credentials.fileKey() + " ");
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER USER " + USER + " SET PASSWORD '" + credentials.password() + "'");
        } finally {
            old.dispose();
        }
        pool = JdbcConnectionPool.create(url, USER, credentials.fileKey() + " " + credentials.password());
        try (Connection c = pool.getConnection()) {
            return pool;
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
    }

    /** The JDBC URL of the encrypted database at {@code base}. */
    public static String url(Path base, String settings) {
        return "jdbc:h2:file:" + base.toAbsolutePath() + ";CIPHER=AES" + settings;
    }

    /**
     * H2's reason for a failed opening in words for a person: the innermost cause's message without H2's class names
     * and error-code brackets ({@code Store header is corrupt: .../node.mv.db}).
     */
    public static String reason(SQLException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause().getMessage() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? e.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s*\\[[0-9./-]+\\]", "").replaceAll("[a-z][a-z0-9_.]*\\.[A-Z][A-Za-z]*(Exception|Error): ", "");
        if (e.getErrorCode() == ErrorCode.FILE_ENCRYPTION_ERROR_1 || e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
            return "the file key or password does not open it (" + m.strip() + ")";
        }
        return m.strip();
    }

    /** Whether the database file starts with H2's header of an encrypted file. */
    static boolean encrypted(Path file) throws SQLException {
        return startsWith(file, ENCRYPTED_HEADER);
    }

    private static boolean startsWith(Path file, byte[] header) throws SQLException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(header.length), header);
        } catch (IOException e) {
            throw new SQLException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
