package dev.wreg.server.oci;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The {@code oci_manifests} table: each release's manifest and config, written once. */
@Repository
public class OciManifestStore {

    /** A stored manifest. {@code pushed}: the bytes a client PUT, rather than ones wreg generated. */
    public record StoredManifest(
            String digest,
            long packageId,
            String version,
            byte[] manifest,
            String configDigest,
            byte[] config,
            boolean pushed) {}

    private static final String COLUMNS = "digest, package_id, version, manifest, config_digest, config, pushed";
    private static final RowMapper<StoredManifest> ROW = (rs, n) -> new StoredManifest(
            rs.getString(1),
            rs.getLong(2),
            rs.getString(3),
            rs.getBytes(4),
            rs.getString(5),
            rs.getBytes(6),
            rs.getBoolean(7));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OciManifestStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<StoredManifest> byVersion(long packageId, String version) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM oci_manifests WHERE package_id = ? AND version = ?",
                        ROW,
                        packageId,
                        version)
                .stream()
                .findFirst();
    }

    public Optional<StoredManifest> byDigest(long packageId, String digest) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM oci_manifests WHERE package_id = ? AND digest = ?",
                        ROW,
                        packageId,
                        digest)
                .stream()
                .findFirst();
    }

    public Optional<StoredManifest> byConfigDigest(long packageId, String configDigest) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM oci_manifests WHERE package_id = ? AND config_digest = ? LIMIT 1",
                        ROW,
                        packageId,
                        configDigest)
                .stream()
                .findFirst();
    }

    public List<String> versions(long packageId) {
        return jdbc.queryForList("SELECT version FROM oci_manifests WHERE package_id = ?", String.class, packageId);
    }

    /**
     * Stores a manifest, stamped with the time now, unless the release has one already; answers
     * whether this call stored it.
     */
    public boolean insertIfAbsent(StoredManifest manifest) {
        return jdbc.update(
                        "INSERT INTO oci_manifests (" + COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT DO NOTHING",
                        manifest.digest(),
                        manifest.packageId(),
                        manifest.version(),
                        manifest.manifest(),
                        manifest.configDigest(),
                        manifest.config(),
                        manifest.pushed(),
                        Timestamp.from(clock.instant()))
                > 0;
    }
}
