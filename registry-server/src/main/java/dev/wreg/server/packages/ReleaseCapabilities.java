package dev.wreg.server.packages;

import dev.wreg.protocol.record.PackageState;
import dev.wreg.server.database.ChangeFeed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The capability summaries stored with a package's releases. They are not part of the signed log
 * (the server derives them from the content), so they come from the releases projection, not
 * from {@link dev.wreg.protocol.record.PackageState}.
 *
 * <p>A release's summary is written with its row and never changes, so each is read once: a
 * package's view (rebuilt on every record, and written into every publish's answer) reads only
 * the summaries of releases it has not seen. Reading them all each time cost a query that grew
 * with the package until, in a soak, those queries held the connection pool.
 */
@Component
public class ReleaseCapabilities {

    /** Bounds memory when a crawler walks every package; clearing only costs reading again. */
    static final int MAX_CACHED_PACKAGES = 10_000;

    /** What is known of one package (by its row's ID): version text → summary, absent when none. */
    private record Known(long packageId, Map<String, Optional<List<String>>> byVersion) {}

    private final JdbcTemplate jdbc;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public ReleaseCapabilities(JdbcTemplate jdbc, ChangeFeed changes) {
        this.jdbc = jdbc;
        changes.subscribe(change -> {
            if (change instanceof ChangeFeed.Change.Everything) {
                known.clear(); // a truncated table: rows may come back under other IDs
            }
        });
    }

    /**
     * Version text → WASI interfaces imported, for the releases of {@code state}; versions without
     * a summary (accepted before summaries existed) are absent.
     */
    public Map<String, List<String>> of(PackageState state) {
        String name = state.name().toString();
        Known cached = known.get(name);
        List<String> missing = versionsOf(state).stream()
                .filter(version -> cached == null || !cached.byVersion().containsKey(version))
                .toList();
        Known current = missing.isEmpty() ? cached : read(state, cached, missing);
        Map<String, List<String>> byVersion = new HashMap<>();
        if (current != null) {
            for (String version : versionsOf(state)) {
                current.byVersion().getOrDefault(version, Optional.empty()).ifPresent(c -> byVersion.put(version, c));
            }
        }
        return byVersion;
    }

    /**
     * Reads the summaries of {@code versions} with the package's row ID (one query), adds them to
     * what is known, and answers the result; what was known of a row with another ID (the package
     * deleted and created again by hand) is dropped and every release of {@code state} read again.
     */
    private Known read(PackageState state, Known cached, List<String> versions) {
        String name = state.name().toString();
        record Row(long packageId, String version, String capabilities) {}
        List<Row> rows = jdbc.query(
                "SELECT p.id, r.version, r.capabilities FROM packages p"
                        + " LEFT JOIN releases r ON r.package_id = p.id AND r.version = ANY (?) WHERE p.name = ?",
                (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3)),
                versions.toArray(String[]::new),
                name);
        if (rows.isEmpty()) {
            known.remove(name);
            return null;
        }
        long packageId = rows.getFirst().packageId();
        if (cached != null && cached.packageId() != packageId) {
            known.remove(name);
            return read(state, null, versionsOf(state));
        }
        Map<String, Optional<List<String>>> byVersion = new HashMap<>(cached == null ? Map.of() : cached.byVersion());
        for (Row row : rows) {
            if (row.version() != null) {
                byVersion.put(
                        row.version(), Optional.ofNullable(row.capabilities()).map(ReleaseEntity::capabilityList));
            }
        }
        Known next = new Known(packageId, Map.copyOf(byVersion));
        if (known.size() >= MAX_CACHED_PACKAGES) {
            known.clear();
        }
        known.put(name, next);
        return next;
    }

    private static List<String> versionsOf(PackageState state) {
        return state.releases().stream()
                .map(release -> release.version().toString())
                .toList();
    }
}
