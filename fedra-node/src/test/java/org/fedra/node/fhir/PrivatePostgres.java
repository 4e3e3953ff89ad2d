package org.fedra.node.fhir;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: the one named by {@code FEDRA_TEST_POSTGRES_URL} (with {@code FEDRA_TEST_POSTGRES_USER}
 * and {@code FEDRA_TEST_POSTGRES_PASSWORD}), or else a private throw-away cluster started from the Debian
 * {@code postgresql} package's binaries (as user postgres when running as root).
 */
public final class PrivatePostgres implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final String url, user, password;

    private PrivatePostgres(Path dir, Path bin, String url, String user, String password) {
        this.dir = dir;
        this.bin = bin;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Empty when neither an external PostgreSQL is configured nor the binaries are installed. */
    public static Optional<PrivatePostgres> start() throws Exception {
        String external = System.getenv("FEDRA_TEST_POSTGRES_URL");
        if (external != null && !external.isBlank()) {
            return Optional.of(new PrivatePostgres(null, null, external, System.getenv().getOrDefault("FEDRA_TEST_POSTGRES_USER", "postgres"),
                    System.getenv().getOrDefault("FEDRA_TEST_POSTGRES_PASSWORD", "")));
        }
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) return Optional.empty();
        Path dir = Files.createTempDirectory("fedra-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) run(List.of("chown", "postgres", dir.toString()), false);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(List.of(bin.get().resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "fedra", "-N"), root);
        run(List.of(bin.get().resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
        return Optional.of(new PrivatePostgres(dir, bin.get(), "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "fedra", ""));
    }

    private static Optional<Path> binaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) return Optional.empty();
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed:\n" + out);
        }
    }

    /** A fresh database (schema) migrated from classpath:db/node. */
    public DataSource freshDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + name);
        }
        DataSource ds = new SimpleDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name, user, password);
        Flyway.configure().dataSource(ds).schemas(name).locations("classpath:db/node").load().migrate();
        return ds;
    }

    @Override
    public void close() throws Exception {
        if (dir == null) return;
        boolean root = "root".equals(System.getProperty("user.name"));
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), root);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** DriverManager-backed DataSource (the driver is a runtime-only dependency). */
    private record SimpleDataSource(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
