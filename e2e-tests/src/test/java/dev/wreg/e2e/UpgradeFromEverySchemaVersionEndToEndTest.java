package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md, "Upgrading": a registry on any earlier schema version upgrades by starting
 * the new server jar on its database. For every migration in {@code migrations/} (the folder is
 * read, so a new migration is covered the day it is added), a fresh database is migrated by Flyway
 * up to that version, with the seed rows of {@code schema-upgrade-seeds/V<n>.sql} inserted right
 * after their own version, as a registry of that time would have written them; then it is
 * migrated to the latest version and every seed's {@code -- check:} query must hold.
 *
 * <p>From the first version and from the one before the latest, the real server jar does the
 * upgrade itself, as an operator's upgrade does (it runs the remaining migrations at start), and
 * must then serve the old data: the seeded admin token still authenticates and the seeded failed
 * composition is still served. From the other versions Flyway migrates in this test, with the
 * same migration files (a server start takes minutes on a loaded machine; the two starts cover
 * the longest path and the latest step).
 *
 * <p>The seeds hold only what no signature covers (tokens, sessions, witness state, composition
 * jobs): signed records and the log are covered by the backup and crash tests, which publish
 * through the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradeFromEverySchemaVersionEndToEndTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");
    private static final String SEED_TOKEN = "wreg_SeedTokenFromSchemaV1xxxxxxxxxxxxxxxxxxxxxx";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private Path root;
    private Path migrations;
    private EmbeddedPostgres postgres;

    @BeforeAll
    void startPostgres() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        migrations = root.resolve("migrations/src/main/resources/db/migration");
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "localhost")
                .setDataDirectory(work.resolve("postgres"))
                .start();
    }

    @AfterAll
    void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The migrations folder's versions, in order. */
    private List<Integer> versions() throws IOException {
        List<Integer> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.toList()) {
                Matcher m = MIGRATION.matcher(file.getFileName().toString());
                if (m.matches()) {
                    versions.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        versions.sort(Integer::compare);
        return versions;
    }

    /** The seed of each version that has one: its SQL, by version. */
    private static Map<Integer, String> seeds() throws IOException {
        Map<Integer, String> seeds = new TreeMap<>();
        for (int version = 1; version < 1000; version++) {
            var seed = UpgradeFromEverySchemaVersionEndToEndTest.class.getResourceAsStream(
                    "/schema-upgrade-seeds/V" + version + ".sql");
            if (seed != null) {
                try (seed) {
                    seeds.put(version, new String(seed.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return seeds;
    }

    @TestFactory
    Stream<DynamicTest> theServerUpgradesADatabaseFromEveryEarlierVersion() throws IOException {
        List<Integer> versions = versions();
        assertThat(versions).as("the migrations in %s", migrations).contains(1).hasSizeGreaterThan(5);
        Map<Integer, String> seeds = seeds();
        assertThat(versions).as("every seed belongs to a migration that exists").containsAll(seeds.keySet());
        int latest = versions.getLast();
        // From the latest version too: a restart on an up-to-date database must change nothing.
        return versions.stream()
                .map(from -> DynamicTest.dynamicTest(
                        "from V" + from + " to V" + latest,
                        () -> upgradeFrom(
                                from, versions, seeds, serverUpgrades(versions).contains(from))));
    }

    /** The versions the server jar upgrades from itself: the first, and the one before the latest. */
    private static List<Integer> serverUpgrades(List<Integer> versions) {
        return List.of(versions.getFirst(), versions.get(versions.size() - 2));
    }

    private void upgradeFrom(int from, List<Integer> versions, Map<Integer, String> seeds, boolean byTheServer)
            throws Exception {
        String name = "upgrade_from_v" + from;
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        DataSource database = postgres.getDatabase("postgres", name);
        List<String> checks = new ArrayList<>();
        for (int version : versions) {
            if (version > from) {
                break;
            }
            Flyway.configure()
                    .dataSource(database)
                    .locations("filesystem:" + migrations)
                    .target(String.valueOf(version))
                    .load()
                    .migrate();
            String seed = seeds.get(version);
            if (seed != null) {
                try (Connection c = database.getConnection();
                        Statement s = c.createStatement()) {
                    s.execute(seed);
                }
                seed.lines()
                        .filter(line -> line.startsWith("-- check: "))
                        .map(line -> line.substring("-- check: ".length()))
                        .forEach(checks::add);
            }
        }
        assertThat(schemaVersion(database)).isEqualTo(String.valueOf(from));
        if (!byTheServer) {
            Flyway.configure()
                    .dataSource(database)
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();
            assertThat(schemaVersion(database)).isEqualTo(String.valueOf(versions.getLast()));
            assertChecks(database, from, checks);
            return;
        }

        Path dir = Files.createDirectories(work.resolve("server-from-v" + from));
        try (ServerProcess server = ServerProcess.start(
                root.resolve("registry-server/target/registry-server.jar"),
                dir,
                dir.resolve("data"),
                ServerProcess.freePort(),
                List.of(
                        "--spring.datasource.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres"),
                Map.of(
                        "WREG_OPERATOR_KEY",
                        PrivateKey.generateEd25519().text(),
                        "WREG_BOOTSTRAP_TOKEN",
                        "wreg_BootstrapOfTheUpgradedServerxxxxxxxxxxxx"))) {
            server.awaitReady(Duration.ofMinutes(6));
            assertThat(schemaVersion(database))
                    .as("the server migrated the database to the latest version")
                    .isEqualTo(String.valueOf(versions.getLast()));
            assertChecks(database, from, checks);
            URI base = server.baseUri();
            if (seeds.containsKey(1)) {
                HttpResponse<String> whoami = get(base, "/v1/whoami", SEED_TOKEN);
                assertThat(whoami.statusCode())
                        .as("the token made at V1 still signs in: %s", whoami.body())
                        .isEqualTo(200);
                assertThat(whoami.body()).contains("tok-seed-v1").contains("admin");
            }
            if (from >= 6 && seeds.containsKey(6)) {
                HttpResponse<String> failed = get(base, "/v1/compositions/6a6a6a6a-0000-4000-8000-000000000006", null);
                assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
                assertThat(failed.body())
                        .contains("\"failed\"")
                        .contains("unresolved-import")
                        .contains("422");
            }
            // Ready to take traffic once its start-up work is done (it answers API requests a little earlier).
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            String readiness = get(base, "/actuator/health/readiness", null).body();
            while (!readiness.contains("\"UP\"") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                readiness = get(base, "/actuator/health/readiness", null).body();
            }
            assertThat(readiness)
                    .as("readiness after the upgrade from V%d", from)
                    .contains("\"UP\"");
        }
    }

    private static void assertChecks(DataSource database, int from, List<String> checks) throws Exception {
        for (String check : checks) {
            try (Connection c = database.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery(check)) {
                assertThat(rows.next() && rows.getBoolean(1))
                        .as("after the upgrade from V%d: %s", from, check)
                        .isTrue();
            }
        }
    }

    private static String schemaVersion(DataSource database) throws Exception {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success"
                        + " ORDER BY installed_rank DESC LIMIT 1")) {
            assertThat(rows.next()).as("a migrated database").isTrue();
            return rows.getString(1);
        }
    }

    private static HttpResponse<String> get(URI base, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
