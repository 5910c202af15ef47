package dev.wreg.server.packages;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The capability summaries stored with a package's releases. They are not part of the signed log
 * (the server derives them from the content), so they come from the releases projection, not
 * from {@link dev.wreg.protocol.record.PackageState}. Read as two columns in one query: loading
 * every release as an entity made a package view's rebuild grow costly with the package's size.
 */
@Component
public class ReleaseCapabilities {

    private final JdbcTemplate jdbc;

    public ReleaseCapabilities(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Version text → WASI interfaces imported; versions without a summary are absent. */
    public Map<String, List<String>> of(PackageName name) {
        Map<String, List<String>> byVersion = new HashMap<>();
        jdbc.query(
                "SELECT r.version, r.capabilities FROM releases r JOIN packages p ON p.id = r.package_id"
                        + " WHERE p.name = ? AND r.capabilities IS NOT NULL",
                rs -> {
                    byVersion.put(rs.getString(1), ReleaseEntity.capabilityList(rs.getString(2)));
                },
                name.toString());
        return byVersion;
    }

    /** The WASI interfaces one release imports; empty when it has no summary (or no such release). */
    public Optional<List<String>> of(PackageName name, Version version) {
        return jdbc
                .query(
                        "SELECT r.capabilities FROM releases r JOIN packages p ON p.id = r.package_id"
                                + " WHERE p.name = ? AND r.version = ? AND r.capabilities IS NOT NULL",
                        (rs, n) -> ReleaseEntity.capabilityList(rs.getString(1)),
                        name.toString(),
                        version.toString())
                .stream()
                .findFirst();
    }
}
