package dev.wreg.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.server.config.CannotStartException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL on its own (issue 20, defects 3, 4 and 6): a server killed with -9
 * leaves an orphaned postmaster that the next start stops instead of failing on
 * {@code postmaster.pid}; a dead postmaster is restarted by the supervisor; a cluster made by an
 * older version with {@code trust} is converted to password authentication before it serves.
 */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    private static int one(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aPostmasterOrphanedByAKilledServerIsStoppedAndTheNextStartSucceeds() throws Exception {
        // A server JVM that starts PostgreSQL and is then killed with -9: its postmaster lives on.
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(
                        javaBin.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrphanMaker.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("orphan-maker.log").toFile())
                .start();
        long orphan = awaitPostmasterPid(server);
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                .as("the postmaster outlived its server")
                .hasValue(true);

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir);
                Connection connection = restarted.connect(Duration.ofSeconds(10))) {
            assertThat(one(connection, "SELECT 1")).isEqualTo(1);
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                    .as("the orphan was stopped")
                    .isEmpty();
            assertThat(restarted.pid()).isPresent().isNotEqualTo(java.util.Optional.of(orphan));
        }
    }

    @Test
    void aDeadPostmasterIsRestartedOnTheSamePort() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            long first = server.pid().orElseThrow();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (server.restarts() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(server.restarts()).isEqualTo(1);
            assertThat(server.pid()).isPresent().isNotEqualTo(java.util.Optional.of(first));
            try (Connection connection = server.connect(Duration.ofSeconds(10))) {
                assertThat(one(connection, "SELECT 1")).isEqualTo(1);
            }
        }
    }

    @Test
    void aSecondServerOnTheSameDataIsRefused() throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir))
                    .isInstanceOf(CannotStartException.class)
                    .hasMessageContaining("another wreg server is using " + dataDir.toAbsolutePath());
            assertThatThrownBy(() -> EmbeddedPostgresServer.ensureNotInUse(dataDir))
                    .isInstanceOf(CannotStartException.class)
                    .hasMessageContaining("another wreg server is using " + dataDir.toAbsolutePath());
            assertThat(first.pid()).isPresent();
        }
    }

    /** The head start takes the lock before the context is built, and starts on it later. */
    @Test
    void aLockTakenAheadRefusesOthersAndGoesWithTheServerStartedOnIt() throws Exception {
        EmbeddedPostgresServer.DataDirLock held = EmbeddedPostgresServer.lock(dataDir);
        assertThatThrownBy(() -> EmbeddedPostgresServer.lock(dataDir))
                .isInstanceOf(CannotStartException.class)
                .hasMessageContaining("another wreg server is using " + dataDir.toAbsolutePath());
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(held)) {
            assertThat(server.pid()).isPresent();
            assertThatThrownBy(() -> EmbeddedPostgresServer.ensureNotInUse(dataDir))
                    .isInstanceOf(CannotStartException.class);
        }
        EmbeddedPostgresServer.ensureNotInUse(dataDir); // closing the server let the lock go
    }

    @Test
    void aClusterThatTrustedLocalUsersGetsAPasswordBeforeItServes() throws Exception {
        Path cluster = dataDir.resolve("postgres");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            assertThat(server.cluster()).isEqualTo(cluster.toAbsolutePath());
        }
        // What an older version left: trust for everyone, no password file.
        Files.writeString(
                cluster.resolve("pg_hba.conf"),
                "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n",
                StandardCharsets.UTF_8);
        Files.delete(dataDir.resolve(EmbeddedPostgresServer.PASSWORD_FILE));

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            assertThat(EmbeddedPostgresServer.trusts(cluster)).isFalse();
            assertThat(Files.readString(dataDir.resolve(EmbeddedPostgresServer.PASSWORD_FILE))
                            .strip())
                    .isEqualTo(server.password());
            Properties noPassword = new Properties();
            noPassword.setProperty("user", EmbeddedPostgresServer.USER);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), noPassword)
                            .close())
                    .isInstanceOf(SQLException.class);
            try (Connection connection = server.connect(Duration.ofSeconds(10))) {
                assertThat(one(connection, "SELECT 1")).isEqualTo(1);
            }
        }
    }

    private long awaitPostmasterPid(Process server) throws Exception {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(dataDir.resolve("orphan-maker.log")).contains(OrphanMaker.READY)) {
                List<String> lines = Files.readAllLines(pidFile);
                return Long.parseLong(lines.getFirst().strip());
            }
            if (!server.isAlive()) {
                throw new AssertionError(
                        "the server process died: " + Files.readString(dataDir.resolve("orphan-maker.log")));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server process never started PostgreSQL");
    }

    /** The "server" that gets killed: starts the embedded PostgreSQL and waits to die. */
    public static final class OrphanMaker {
        static final String READY = "postgres ready";

        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer.start(Path.of(args[0]));
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Duration.ofHours(1));
        }
    }
}
