package dev.wreg.server.packages;

import dev.wreg.protocol.api.PackageStateView;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.server.database.ChangeFeed;
import dev.wreg.server.refusal.Refusal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers {@code GET /v1/packages/{pkg}} from a per-package cache of the finished view.
 *
 * <p>Metadata reads are the registry's hottest path, and replaying or even re-reading a package's
 * rows on every request made each GET cost two transactions and several round trips. A package's
 * view can only change when its own log grows (record count and head) or when the operator log
 * grows (namespace ownership feeds into key permissions; release capabilities are written with
 * the release record). One autocommit query reads exactly those three values, and only on a change
 * is the view rebuilt through {@link PackageLog}. The same three values make the entity tag.
 *
 * <p>While the {@link ChangeFeed} hears every change (this replica's commits and, through
 * PostgreSQL notifications, every other replica's), a view checked against the database is
 * trusted until a change to its package or to the operator log arrives, and reads answer from
 * memory without that query. A view whose check raced with a change, and every view while the
 * feed is interrupted, is checked again on the next read.
 *
 * <p>The view is kept as the JSON the API answers, written once per change: a read then costs no
 * serialization, and the answer goes out with its length in one write, where a streamed body took
 * a chunked write and a second one to end it (each a system call, a tenth of a GET's CPU).
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
    private final Lock[] rebuilds = new Lock[64];

    private final ChangeFeed changes;
    private final JsonMapper json;

    public PackageStateViews(
            JdbcTemplate jdbc,
            PackageLog packageLog,
            ReleaseCapabilities capabilities,
            ChangeFeed changes,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.packageLog = packageLog;
        this.capabilities = capabilities;
        this.changes = changes;
        this.json = json;
        for (int i = 0; i < rebuilds.length; i++) {
            rebuilds[i] = new ReentrantLock();
        }
        changes.subscribe(change -> {
            switch (change) {
                case ChangeFeed.Change.PackageChanged changed -> views.remove(changed.name());
                case ChangeFeed.Change.OperatorLogChanged ignored -> views.clear();
                case ChangeFeed.Change.IndexChanged ignored -> {
                    // Index rows are not part of a package's view.
                }
                case ChangeFeed.Change.Everything ignored -> views.clear();
            }
        });
    }

    /** What the view was built from; equal versions mean an identical view. */
    record Version(long recordCount, String head, long operatorRecords) {

        String entityTag() {
            return "\"" + recordCount + "." + operatorRecords + "." + (head == null ? "-" : head.replace(':', '-'))
                    + "\"";
        }
    }

    /**
     * A view, as the JSON the API answers (never changed once built: callers must not write to
     * it), with the entity tag clients can revalidate it by; {@code trusted} when no change can
     * have reached its package since it was checked against the database.
     */
    public record CachedView(PackageStateView view, byte[] json, String entityTag, Version version, boolean trusted) {

        CachedView withTrust(boolean trust) {
            return trust == trusted ? this : new CachedView(view, json, entityTag, version, trust);
        }
    }

    public CachedView view(PackageName name) {
        String key = name.toString();
        CachedView cached = views.get(key);
        if (cached != null && cached.trusted() && changes.listening()) {
            return cached;
        }
        // Read before the check: if the epoch still reads the same once the entry is stored, no
        // change was heard meanwhile, so the entry cannot have missed one.
        long epoch = changes.epoch();
        boolean listening = changes.listening();
        Version current = currentVersion(key);
        CachedView fresh;
        if (cached != null && cached.version().equals(current)) {
            fresh = cached;
            views.put(key, fresh.withTrust(false));
        } else {
            // One rebuild per package at a time: the readers that found the view gone after a
            // record wait for the first one's view instead of each building the same one (a busy
            // package's view is rebuilt on every record, and grows with its releases).
            Lock rebuilding = rebuilds[Math.floorMod(key.hashCode(), rebuilds.length)];
            rebuilding.lock();
            try {
                CachedView built = views.get(key);
                fresh = built != null && built.version().equals(current) ? built : rebuild(name, current);
                views.put(key, fresh.withTrust(false));
            } finally {
                rebuilding.unlock();
            }
        }
        if (listening && changes.epoch() == epoch) {
            // Trusted only if still nothing was heard after the untrusted entry went in: a change
            // heard between the put above and this one would have removed it, and then this
            // replace finds no entry to replace.
            views.replace(key, fresh.withTrust(false), fresh.withTrust(true));
        }
        return fresh;
    }

    private CachedView rebuild(PackageName name, Version current) {
        PackageState state = packageLog.state(name);
        PackageStateView view = PackageStateView.of(state, capabilities.of(state));
        // The rebuilt state may already include records committed after the version query; keep
        // the operator count read before it, so a concurrent operator append only costs a rebuild.
        Version built = new Version(view.recordCount(), view.head(), current.operatorRecords());
        if (views.size() >= MAX_CACHED_VIEWS) {
            views.clear();
        }
        return new CachedView(view, json.writeValueAsBytes(view), built.entityTag(), built, false);
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
