package dev.wreg.server.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads whose cost grew with the number of releases made a 30-minute soak refuse every publish
 * after 20 minutes (their queries held every pooled connection). Each is checked here for what
 * keeps it flat: the plan the database chooses, the counts it keeps, the records a cached state
 * is moved forward by.
 */
class ReadsThatDoNotGrowIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PackageCatalog catalog;

    @Autowired
    PackageLog packageLog;

    @Autowired
    ReleaseCapabilities capabilities;

    @Test
    void theHomePageTotalsAreTheRowCountsThroughInsertsAndDeletes() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "counted");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        head = release(pkg, head, owner, "1.0.0");
        release(pkg, head, owner, "1.1.0");
        assertThat(catalog.counts().releases()).isGreaterThanOrEqualTo(2);
        assertThat(countsMinusRows()).isEqualTo(new PackageCatalog.Counts(0, 0));

        // Deleting rows (an operator's repair) moves the totals in the same transaction.
        transactions.executeWithoutResult(status -> {
            long id = jdbc.queryForObject("SELECT id FROM packages WHERE name = ?", Long.class, pkg.toString());
            jdbc.update("DELETE FROM release_interfaces WHERE package_id = ?", id);
            jdbc.update("DELETE FROM release_search WHERE package_id = ?", id);
            assertThat(jdbc.update("DELETE FROM releases WHERE package_id = ?", id))
                    .isEqualTo(2);
            assertThat(countsMinusRows()).isEqualTo(new PackageCatalog.Counts(0, 0));
            status.setRollbackOnly();
        });
        assertThat(countsMinusRows()).isEqualTo(new PackageCatalog.Counts(0, 0));
    }

    @Test
    void theNewestReleasesAndAPackagesIndexRowsAreReadThroughIndexes() {
        transactions.executeWithoutResult(status -> {
            // Planner statistics of a small test database favour scanning; what matters is that an
            // index exists which serves the query without reading (or sorting) every row.
            jdbc.execute("SET LOCAL enable_seqscan = off");
            assertThat(plan("EXPLAIN SELECT p.name, r.version FROM releases r JOIN packages p ON p.id = r.package_id"
                            + " ORDER BY r.released_at DESC, r.id DESC LIMIT 12"))
                    .contains("releases_released_at")
                    .doesNotContain("Sort");
            assertThat(
                            plan(
                                    "EXPLAIN SELECT release_id FROM release_search WHERE package = 'a:b' AND version = '1.0.0'"))
                    .contains("release_search_package_name")
                    .doesNotContain("Seq Scan");
            assertThat(
                            plan(
                                    "EXPLAIN UPDATE release_search SET yanked = true WHERE package_id = 1 AND version = '1.0.0'"))
                    .contains("Index Cond: ((package_id = 1) AND (version = '1.0.0'::text))");
            status.setRollbackOnly();
        });
    }

    /**
     * A reader that sees a commit before the committer has cached the state it led to moves the
     * cached state forward by the new records only. The first record is made unreadable for the
     * test's transaction: replaying the whole log would fail on it.
     */
    @Test
    void aCachedStateBehindTheLogIsMovedForwardByTheNewRecordsOnly() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "caught-up");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        head = release(pkg, head, owner, "1.0.0");
        PackageState behind = packageLog.state(pkg);
        head = release(pkg, head, owner, "1.1.0");
        release(pkg, head, owner, "1.2.0");
        PackageState current = packageLog.state(pkg);
        assertThat(current.recordCount()).isEqualTo(behind.recordCount() + 2);

        transactions.executeWithoutResult(status -> {
            jdbc.update(
                    "UPDATE package_records SET envelope = ? WHERE record_index = 0"
                            + " AND package_id = (SELECT id FROM packages WHERE name = ?)",
                    new byte[] {'{'},
                    pkg.toString());
            packageLog.remember(behind);
            PackageState caughtUp = packageLog.state(pkg);
            assertThat(caughtUp.head()).isEqualTo(current.head());
            assertThat(caughtUp.recordCount()).isEqualTo(current.recordCount());
            assertThat(caughtUp.releases()).isEqualTo(current.releases());
            assertThat(caughtUp.permissions()).isEqualTo(current.permissions());
            status.setRollbackOnly();
        });
        // With the first record readable again, the same holds for the next reader.
        packageLog.remember(behind);
        assertThat(packageLog.state(pkg).releases()).isEqualTo(current.releases());
    }

    /**
     * A release's capability summary is read once: a package's view (rebuilt on every record and
     * written into every publish's answer) reads only the summaries of releases it has not seen.
     */
    @Test
    void capabilitySummariesAreReadOnceEachAndNewReleasesAreRead() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "summarized");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        head = release(pkg, head, owner, "1.0.0");
        assertThat(capabilities.of(packageLog.state(pkg))).containsOnlyKeys("1.0.0");

        // Changed behind the cache's back: the summary already read is not read again.
        jdbc.update(
                "UPDATE releases SET capabilities = 'wasi:cli/stdout@0.2.0'"
                        + " WHERE package_id = (SELECT id FROM packages WHERE name = ?)",
                pkg.toString());
        release(pkg, head, owner, "1.1.0");
        var summaries = capabilities.of(packageLog.state(pkg));
        assertThat(summaries.get("1.0.0")).isEmpty();
        assertThat(summaries.get("1.1.0")).isEmpty();
        assertThat(jdbc.queryForObject(
                        "SELECT capabilities FROM releases WHERE version = '1.0.0'"
                                + " AND package_id = (SELECT id FROM packages WHERE name = ?)",
                        String.class,
                        pkg.toString()))
                .isEqualTo("wasi:cli/stdout@0.2.0");
    }

    /**
     * The kept totals less the rows counted, in one statement (one snapshot: other tests' commits
     * cannot fall between the two).
     */
    private PackageCatalog.Counts countsMinusRows() {
        return jdbc.queryForObject(
                "SELECT c.packages - (SELECT count(*) FROM packages), c.releases - (SELECT count(*) FROM releases)"
                        + " FROM registry_counts c",
                (rs, n) -> new PackageCatalog.Counts(rs.getLong(1), rs.getLong(2)));
    }

    private String plan(String explain) {
        return String.join("\n", jdbc.queryForList(explain, String.class));
    }

    private Digest release(PackageName pkg, Digest head, PrivateKey owner, String version) {
        byte[] bytes = component("grows " + pkg + " " + version);
        Digest content = upload(bytes);
        SignedRecord release =
                record(pkg, head, owner, new Entry.Release(Version.parse(version), content, bytes.length));
        return accept(pkg, release);
    }
}
