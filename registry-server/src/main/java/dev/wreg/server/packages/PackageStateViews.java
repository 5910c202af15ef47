package dev.wreg.server.packages;

import dev.wreg.protocol.api.PackageStateView;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.refusal.Refusal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers {@code GET /v1/packages/{pkg}} from a per-package cache of the finished view.
 *
 * <p>Metadata reads are the registry's hottest path, and replaying or even re-reading a package's
 * rows on every request made each GET cost two transactions and several round trips. A package's
 * view can only change when its own log grows (record count and head) or when the operator log
 * grows (namespace ownership feeds into key permissions; release capabilities are written with
 * the release record). One autocommit query reads exactly those three values, so any replica
 * sharing the database notices another replica's publish on the next request; only on a change
 * is the view rebuilt through {@link PackageLog}. The same three values make the entity tag.
 */
@Component
public class PackageStateViews {

    /** Bounds memory when a crawler walks every package; clearing only costs a rebuild. */
    private static final int MAX_CACHED_VIEWS = 50_000;

    private static final String FRESHNESS_QUERY = "SELECT p.record_count, p.head,"
            + " (SELECT COALESCE(MAX(o.log_index) + 1, 0) FROM operator_records o)"
            + " FROM packages p WHERE p.name = ?";

    private final JdbcTemplate jdbc;
    private final PackageLog packageLog;
    private final ReleaseCapabilities capabilities;
    private final Map<String, CachedView> views = new ConcurrentHashMap<>();

    public PackageStateViews(JdbcTemplate jdbc, PackageLog packageLog, ReleaseCapabilities capabilities) {
        this.jdbc = jdbc;
        this.packageLog = packageLog;
        this.capabilities = capabilities;
    }

    /** What the view was built from; equal versions mean an identical view. */
    record Version(long recordCount, String head, long operatorRecords) {

        String entityTag() {
            return "\"" + recordCount + "." + operatorRecords + "." + (head == null ? "-" : head.replace(':', '-'))
                    + "\"";
        }
    }

    /** A view with the entity tag clients can revalidate it by. */
    public record CachedView(PackageStateView view, String entityTag, Version version) {}

    public CachedView view(PackageName name) {
        String key = name.toString();
        Version current = currentVersion(key);
        CachedView cached = views.get(key);
        if (cached != null && cached.version().equals(current)) {
            return cached;
        }
        PackageStateView view = PackageStateView.of(packageLog.state(name), capabilities.of(name));
        // The rebuilt state may already include records committed after the version query; keep
        // the operator count read before it, so a concurrent operator append only costs a rebuild.
        Version built = new Version(view.recordCount(), view.head(), current.operatorRecords());
        CachedView fresh = new CachedView(view, built.entityTag(), built);
        if (views.size() >= MAX_CACHED_VIEWS) {
            views.clear();
        }
        views.put(key, fresh);
        return fresh;
    }

    private Version currentVersion(String name) {
        List<Version> rows = jdbc.query(
                FRESHNESS_QUERY, (rs, i) -> new Version(rs.getLong(1), rs.getString(2), rs.getLong(3)), name);
        if (rows.isEmpty()) {
            throw Refusal.notFound("no package " + name);
        }
        return rows.getFirst();
    }
}
