package dev.wreg.server.database;

import dev.wreg.server.config.CannotStartException;
import dev.wreg.server.config.SecretFiles;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL: a {@code postgres} child process on the binaries zonky bundles, with
 * its cluster in {@code ${wreg.data-dir}/postgres}. Four promises:
 *
 * <ul>
 *   <li><b>Durable:</b> {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on,
 *       so a commit the server acknowledged survives a crash of PostgreSQL, the server or the machine.
 *   <li><b>Private:</b> it listens on 127.0.0.1 only, with no Unix socket, and every connection
 *       must authenticate with SCRAM-SHA-256 as {@code postgres} using a random password kept in
 *       {@code ${wreg.data-dir}/postgres-password} (mode 0600). No {@code trust} line exists; a
 *       cluster made by an older version with {@code trust} is converted before it serves anyone.
 *   <li><b>Alone:</b> the server holds {@code ${wreg.data-dir}/postgres.lock} while it runs; a
 *       postmaster left running by a server that was killed is found through {@code postmaster.pid}
 *       and stopped before a new one starts.
 *   <li><b>Supervised:</b> if the postmaster dies it is started again (same port, backing off up to
 *       30 s between attempts), so the server recovers without a restart.
 * </ul>
 *
 * <p>PostgreSQL refuses to run as root; as root on Linux the binaries run through {@code unshare -U},
 * i.e. as the unprivileged user of a fresh user namespace, as zonky does.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    static final String PASSWORD_FILE = "postgres-password";
    static final String LOCK_FILE = "postgres.lock";
    static final String LOG_FILE = "postgres.log";

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** The only pg_hba.conf this server writes: loopback, password (SCRAM) or nothing. */
    static final String HBA = """
            # Written by wreg: every connection authenticates with SCRAM-SHA-256; there is no trust.
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            """;

    private final Path dataDir;
    private final Path cluster;
    private final Path binaries;
    private final String password;
    private final int port;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object processLock = new Object();
    private volatile Process process;
    private volatile boolean closing;
    private volatile long restarts;

    private EmbeddedPostgresServer(
            Path dataDir, Path binaries, String password, int port, FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.cluster = dataDir.resolve("postgres");
        this.binaries = binaries;
        this.password = password;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Prepares the cluster under {@code dataDir} (creating it, or converting an old one to password
     * authentication), stops an orphaned postmaster of it, and starts PostgreSQL.
     */
    public static EmbeddedPostgresServer start(Path dataDir) throws IOException {
        return start(lock(dataDir));
    }

    /** {@link #start(Path)} on a data directory whose lock the caller has taken; the lock goes with it. */
    public static EmbeddedPostgresServer start(DataDirLock held) throws IOException {
        Path dataDir = held.dataDir();
        try {
            Path binaries = PostgresBinaries.prepare();
            Path cluster = dataDir.resolve("postgres");
            stopOrphan(cluster);
            String password = prepareCluster(dataDir, cluster, binaries);
            EmbeddedPostgresServer server =
                    new EmbeddedPostgresServer(dataDir, binaries, password, freePort(), held.channel(), held.lock());
            server.launchAndAwait();
            server.superviseCurrent();
            return server;
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** {@code ${wreg.data-dir}/postgres.lock}, held: no other server starts on that directory. */
    public record DataDirLock(Path dataDir, FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                log.debug("releasing {} failed: {}", LOCK_FILE, e.getMessage());
            }
        }
    }

    /**
     * Takes {@code dataDir}'s lock (creating the directory), or fails with {@link
     * CannotStartException} when another server holds it.
     */
    public static DataDirLock lock(Path dataDir) throws IOException {
        dataDir = dataDir.toAbsolutePath().normalize();
        log.debug("Starting embedded PostgreSQL with data in {}", dataDir.resolve("postgres"));
        Files.createDirectories(dataDir);
        FileChannel channel =
                FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw inUse(dataDir);
        }
        return new DataDirLock(dataDir, channel, lock);
    }

    /**
     * Fails with {@link CannotStartException} when another server holds {@code dataDir}'s lock. A
     * probe only (the lock is let go at once): {@link #start} takes it for good.
     */
    public static void ensureNotInUse(Path dataDir) {
        Path lockFile = dataDir.toAbsolutePath().normalize().resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                probe = null; // held by this very JVM: as much in use as by another one
            }
            if (probe == null) {
                throw inUse(dataDir.toAbsolutePath().normalize());
            }
            probe.release();
        } catch (IOException e) {
            // Unreadable or vanished: start() opens it for real and reports what is wrong.
        }
    }

    private static CannotStartException inUse(Path dataDir) {
        return new CannotStartException("another wreg server is using " + dataDir + " (it holds " + LOCK_FILE
                + "); stop it first or choose another --wreg.data-dir");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path cluster() {
        return cluster;
    }

    /** The running postmaster's pid (for tests and the operations log). */
    public Optional<Long> pid() {
        Process p = process;
        return p != null && p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
    }

    /** How often the postmaster had to be started again after it died. */
    public long restarts() {
        return restarts;
    }

    // ---- the cluster ---------------------------------------------------------------------

    /** Creates the cluster, or makes an existing one password-only; answers the password. */
    private static String prepareCluster(Path dataDir, Path cluster, Path binaries) throws IOException {
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        Optional<String> stored = SecretFiles.read(passwordFile);
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            if (Files.isDirectory(cluster)) {
                try (var entries = Files.list(cluster)) {
                    if (entries.findAny().isPresent()) {
                        throw new IOException(cluster + " is neither empty nor a PostgreSQL cluster (no PG_VERSION);"
                                + " move it away and start again");
                    }
                }
            }
            String password = stored.orElseGet(EmbeddedPostgresServer::newPassword);
            if (stored.isEmpty()) {
                SecretFiles.create(passwordFile, password);
            }
            log.info("Creating the embedded PostgreSQL cluster in {}", cluster);
            run(
                    binaries,
                    List.of(
                            "initdb",
                            "-D",
                            cluster.toString(),
                            "-U",
                            USER,
                            "-E",
                            "UTF-8",
                            "--locale=C",
                            "--auth-host=scram-sha-256",
                            "--auth-local=scram-sha-256",
                            "--pwfile=" + passwordFile),
                    null,
                    dataDir.resolve(LOG_FILE));
            Files.writeString(cluster.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
            return password;
        }
        if (stored.isPresent() && !trusts(cluster)) {
            return stored.get();
        }
        // A cluster from a version that let local users in without a password: give the superuser
        // one (in single-user mode, with nothing listening) before anything can connect.
        log.warn(
                "The embedded PostgreSQL in {} accepted connections without a password; switching it to"
                        + " SCRAM-SHA-256 with the password in {}",
                cluster,
                passwordFile);
        String password = stored.orElseGet(EmbeddedPostgresServer::newPassword);
        if (stored.isEmpty()) {
            SecretFiles.create(passwordFile, password);
        }
        run(
                binaries,
                List.of(
                        "postgres",
                        "--single",
                        "-D",
                        cluster.toString(),
                        "-c",
                        "password_encryption=scram-sha-256",
                        DATABASE),
                "ALTER ROLE " + USER + " WITH PASSWORD '" + password + "';\n",
                dataDir.resolve(LOG_FILE));
        Files.writeString(cluster.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        return password;
    }

    /** Whether any active pg_hba.conf line lets a client in without a password. */
    static boolean trusts(Path cluster) throws IOException {
        for (String line : Files.readAllLines(cluster.resolve("pg_hba.conf"), StandardCharsets.UTF_8)) {
            String active = line.replaceFirst("#.*", "").strip();
            if (!active.isEmpty() && !active.endsWith("scram-sha-256")) {
                return true;
            }
        }
        return false;
    }

    private static String newPassword() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    // ---- orphans -------------------------------------------------------------------------

    /**
     * A postmaster still running on this cluster although we hold the data directory's lock was
     * left behind by a server that died without stopping it (kill -9, OOM killer): stop it, so this
     * server starts a fresh one instead of failing on {@code postmaster.pid}.
     */
    static void stopOrphan(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        }
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return; // PostgreSQL itself copes with a garbled lock file
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty() || !isPostmasterOf(pid, cluster)) {
            // Dead, or the pid now belongs to another program: PostgreSQL would refuse to start on
            // a pid file whose pid is alive, so remove it (we hold the lock: nobody else uses it).
            if (handle.isPresent()) {
                Files.deleteIfExists(pidFile);
            }
            return;
        }
        log.warn(
                "Stopping the orphaned PostgreSQL postmaster {} of {} left by a server that did not shut down",
                pid,
                cluster);
        stopProcess(handle.get());
    }

    private static boolean isPostmasterOf(long pid, Path cluster) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            List<String> args = List.of(cmdline.split("\0"));
            int d = args.indexOf("-D");
            return !args.isEmpty()
                    && args.getFirst().endsWith("postgres")
                    && d >= 0
                    && d + 1 < args.size()
                    && Path.of(args.get(d + 1)).toAbsolutePath().normalize().equals(cluster);
        } catch (IOException | RuntimeException e) {
            // No /proc (macOS): trust what the pid file says if the process is a postgres at all.
            return ProcessHandle.of(pid)
                    .flatMap(h -> h.info().command())
                    .map(c -> c.endsWith("postgres"))
                    .orElse(false);
        }
    }

    /** Fast shutdown (SIGINT), then SIGKILL after {@link #STOP_LIMIT}. */
    private static void stopProcess(ProcessHandle handle) {
        signal(handle.pid(), "INT");
        try {
            handle.onExit().get(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("PostgreSQL {} did not stop within {}; killing it", handle.pid(), STOP_LIMIT);
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // It is gone or unkillable; starting will tell.
            }
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            kill.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy); // SIGTERM: smart shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the postmaster ------------------------------------------------------------------

    private List<String> postmasterCommand() {
        return List.of(
                "postgres",
                "-D",
                cluster.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "fsync=on",
                "-c",
                "synchronous_commit=on",
                "-c",
                "full_page_writes=on",
                "-c",
                "password_encryption=scram-sha-256",
                "-c",
                "max_connections=100",
                "-c",
                "timezone=UTC");
    }

    private void launchAndAwait() throws IOException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        synchronized (processLock) {
            if (closing) {
                throw new IOException("the embedded PostgreSQL is shutting down");
            }
            process = command(binaries, postmasterCommand())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dataDir.resolve(LOG_FILE).toFile()))
                    .start();
        }
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (!p.isAlive()) {
                throw new IOException("PostgreSQL exited with " + p.exitValue() + " while starting; see "
                        + dataDir.resolve(LOG_FILE));
            }
            try (Connection c = connect(Duration.ofSeconds(2))) {
                c.createStatement().execute("SELECT 1");
                log.debug("Embedded PostgreSQL (pid {}) is ready on 127.0.0.1:{}", p.pid(), port);
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(Duration.ofMillis(200));
        }
        process.destroyForcibly();
        throw new IOException("PostgreSQL did not accept connections within " + START_LIMIT + ": "
                + (last == null ? "" : last.getMessage()));
    }

    /** A direct connection (not pooled), e.g. for health checks and tests. */
    public Connection connect(Duration timeout) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        properties.setProperty("loginTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    private void superviseCurrent() {
        Process watched = process;
        watched.onExit().thenRun(() -> {
            if (!closing) {
                Thread.ofVirtual().name("wreg-postgres-supervisor").start(() -> restartAfterDeath(watched));
            }
        });
    }

    private void restartAfterDeath(Process dead) {
        log.error(
                "The embedded PostgreSQL (pid {}) exited with {}; restarting it (requests answer 503 meanwhile)",
                dead.pid(),
                dead.exitValue());
        Duration backoff = Duration.ofMillis(500);
        while (!closing) {
            try {
                stopOrphan(cluster);
                launchAndAwait();
                restarts++;
                superviseCurrent();
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("Restarting the embedded PostgreSQL failed ({}); trying again in {}", e.getMessage(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        synchronized (processLock) {
            Process p = process;
            if (p != null && p.isAlive()) {
                stopProcess(p.toHandle());
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.debug("releasing {} failed: {}", LOCK_FILE, e.getMessage());
        }
    }

    // ---- processes -----------------------------------------------------------------------

    private static ProcessBuilder command(Path binaries, List<String> args) {
        List<String> command = new ArrayList<>();
        if (runsAsRoot() && LinuxUtils.isUnshareAvailable()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(binaries.resolve("bin").resolve(args.getFirst()).toString());
        command.addAll(args.subList(1, args.size()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        return builder;
    }

    private static void run(Path binaries, List<String> args, String stdin, Path logFile) throws IOException {
        Process p = command(binaries, args)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(args.getFirst() + " did not finish within " + START_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(args.getFirst() + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(args.getFirst() + " failed with exit code " + p.exitValue() + "; see " + logFile);
        }
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
