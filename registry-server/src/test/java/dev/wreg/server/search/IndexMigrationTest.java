package dev.wreg.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.api.SearchPage;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.server.blobs.FilesystemBlobStore;
import dev.wreg.server.database.ChangeFeed;
import dev.wreg.testsupport.SharedData;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database from before the interface index: migrated up to the last version before V10, filled
 * with releases the way that schema stored them (their blobs on disk), then migrated to the
 * current schema. The migration alone leaves the index empty (the WIT is in the blobs); the
 * start-up backfill then indexes every release, yanked and unreadable ones included, and a second
 * run changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexMigrationTest {

    @TempDir
    Path work;

    private EmbeddedPostgres postgres;
    private DataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeAll
    void start() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "localhost")
                .start();
        dataSource = postgres.getPostgresDatabase();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The newest migration older than {@code version}, whatever other features numbered theirs. */
    private String lastVersionBefore(MigrationVersion version) {
        return java.util.Arrays.stream(flyway("latest").info().all())
                .map(m -> m.getVersion())
                .filter(v -> v.compareTo(version) < 0)
                .max(MigrationVersion::compareTo)
                .orElseThrow()
                .getVersion();
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target(MigrationVersion.fromVersion(target))
                .load();
    }

    @Test
    void releasesStoredBeforeTheIndexAreBackfilledOnce() throws IOException {
        Path wasm = SharedData.require("fixtures/wasm");
        flyway(lastVersionBefore(MigrationVersion.fromVersion("10"))).migrate();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'release_search'",
                        Long.class))
                .isZero();

        FilesystemBlobStore blobs = new FilesystemBlobStore(work.resolve("blobs"));
        jdbc.update(
                "INSERT INTO operator_records (log_index, record_id, envelope, payload) VALUES (0, 'op-0', ?, ?)",
                new byte[] {1},
                new byte[] {1});
        jdbc.update(
                "INSERT INTO namespaces (name, canonical_name, owners, record_id) VALUES ('old', 'old', '[]', 'op-0')");
        long provider = pkg("old:calc-provider", "1.1.0");
        long consumer = pkg("old:calc-consumer", "1.0.0");
        long broken = pkg("old:not-wit", "0.1.0");
        release(blobs, provider, "1.0.0", Files.readAllBytes(wasm.resolve("calc-provider-1.0.0.wasm")), false);
        release(blobs, provider, "1.1.0", Files.readAllBytes(wasm.resolve("calc-provider-1.1.0.wasm")), false);
        release(blobs, provider, "2.0.0", Files.readAllBytes(wasm.resolve("calc-provider-2.0.0.wasm")), true);
        release(blobs, consumer, "1.0.0", Files.readAllBytes(wasm.resolve("calc-consumer-1.0.0.wasm")), false);
        // Accepted before validation existed: bytes that are no component at all.
        release(blobs, broken, "0.1.0", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, false);

        flyway("latest").migrate();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM release_search", Long.class))
                .as("SQL alone cannot read the WIT in the blobs")
                .isZero();

        InterfaceIndex index = new InterfaceIndex(jdbc);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        IndexBackfill backfill = new IndexBackfill(jdbc, blobs, index, transaction, new ChangeFeed(dataSource), true);
        assertThat(backfill.run()).isEqualTo(new IndexBackfill.Outcome(5, 0));

        assertThat(jdbc.queryForList(
                        "SELECT s.package || '@' || s.version || ' ' || x.direction || ' ' || x.interface || '@'"
                                + " || x.version || ' [' || x.functions || '] current=' || s.current"
                                + " FROM release_interfaces x JOIN release_search s ON s.release_id = x.release_id"
                                + " ORDER BY 1",
                        String.class))
                .containsExactly(
                        "old:calc-consumer@1.0.0 import example:calc/ops@1.0.0 [add] current=true",
                        "old:calc-provider@1.0.0 export example:calc/ops@1.0.0 [add] current=false",
                        "old:calc-provider@1.1.0 export example:calc/ops@1.1.0 [add mul] current=true",
                        "old:calc-provider@2.0.0 export example:calc/ops@2.0.0 [add] current=false");
        assertThat(jdbc.queryForList(
                        "SELECT package || ' readable=' || readable || ' current=' || current FROM release_search"
                                + " WHERE package = 'old:not-wit'",
                        String.class))
                .containsExactly("old:not-wit readable=false current=true");

        // Not listening: nothing is kept, every search reads the index.
        SearchService search =
                new SearchService(jdbc, new DataSourceTransactionManager(dataSource), new ChangeFeed(dataSource), 0);
        SearchPage providers = search.search(SearchQuery.of(null, "example:calc/ops", null, "old", null, null));
        assertThat(providers.hits()).hasSize(1);
        assertThat(providers.hits().getFirst().version()).as("2.0.0 is yanked").isEqualTo("1.1.0");
        SearchPage yankedTrack = search.search(SearchQuery.of(null, "example:calc/ops@2.0.0", null, "old", null, null));
        assertThat(yankedTrack.hits().getFirst().yanked()).isTrue();
        assertThat(search.search(SearchQuery.of("not-wit", null, null, "old", null, null))
                        .hits())
                .extracting(h -> h.pkg())
                .containsExactly("old:not-wit");

        assertThat(backfill.run()).isEqualTo(new IndexBackfill.Outcome(0, 0));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM release_interfaces", Long.class))
                .isEqualTo(4);
    }

    private long pkg(String name, String latest) {
        return jdbc.queryForObject(
                "INSERT INTO packages (name, canonical_name, namespace, latest) VALUES (?, ?, 'old', ?) RETURNING id",
                Long.class,
                name,
                name.replace("-", ""),
                latest);
    }

    private void release(FilesystemBlobStore blobs, long packageId, String version, byte[] bytes, boolean yanked) {
        Digest digest = Digest.sha256(bytes);
        blobs.put(digest, new ByteArrayInputStream(bytes), 1 << 20);
        jdbc.update(
                "INSERT INTO releases (package_id, version, content_digest, size, record_id, released_at, yanked)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                packageId,
                version,
                digest.toString(),
                bytes.length,
                "sha256:" + "0".repeat(63) + version.charAt(0),
                Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")),
                yanked);
    }
}
