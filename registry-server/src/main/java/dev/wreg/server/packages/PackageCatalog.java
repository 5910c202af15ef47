package dev.wreg.server.packages;

import dev.wreg.protocol.digest.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lists over the package projections for people browsing: how much there is, what came lately,
 * what a namespace holds, names close to one that does not exist, and names to complete.
 */
@Component
public class PackageCatalog {

    private final JdbcTemplate jdbc;

    public PackageCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Counts(long packages, long releases) {}

    /** A release as listed: enough to link it and show its state. */
    public record ListedRelease(
            String pkg,
            String version,
            Digest content,
            long size,
            Instant releasedAt,
            boolean yanked,
            boolean deprecated) {}

    /** A package of a namespace: its latest version (null before its first release). */
    public record ListedPackage(String pkg, String latest, Instant updatedAt) {}

    /** The totals, kept by the database as rows are added (counting every row grew with them). */
    public Counts counts() {
        return jdbc.queryForObject(
                "SELECT packages, releases FROM registry_counts", (rs, n) -> new Counts(rs.getLong(1), rs.getLong(2)));
    }

    public List<ListedRelease> recent(int limit) {
        return jdbc.query(
                "SELECT p.name, r.version, r.content_digest, r.size, r.released_at, r.yanked, r.deprecated"
                        + " FROM releases r JOIN packages p ON p.id = r.package_id"
                        + " ORDER BY r.released_at DESC, r.id DESC LIMIT ?",
                (rs, n) -> new ListedRelease(
                        rs.getString(1),
                        rs.getString(2),
                        Digest.parse(rs.getString(3)),
                        rs.getLong(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getBoolean(6),
                        rs.getString(7) != null),
                limit);
    }

    public List<ListedPackage> inNamespace(String namespace) {
        return jdbc.query(
                "SELECT name, latest, updated_at FROM packages WHERE namespace = ? ORDER BY name LIMIT 1000",
                (rs, n) -> new ListedPackage(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                namespace);
    }

    /**
     * Package names for a compose form's completion: those containing {@code fragment} (before
     * any {@code @}), each with its latest version, at most {@code limit}.
     */
    public List<String> completions(String fragment, int limit) {
        String wanted = fragment == null ? "" : fragment.strip();
        int at = wanted.indexOf('@');
        if (at >= 0) {
            wanted = wanted.substring(0, at);
        }
        wanted = wanted.length() > 128 ? wanted.substring(0, 128) : wanted;
        String like = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.query(
                "SELECT name, latest FROM packages WHERE latest IS NOT NULL AND name LIKE ?"
                        + " ORDER BY (name LIKE ?) DESC, name LIMIT ?",
                (rs, n) -> rs.getString(1) + "@" + rs.getString(2),
                like,
                wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
                limit);
    }

    /**
     * Existing package names close to {@code wanted} (a full {@code ns:name}, possibly wrong):
     * the same namespace or the same name elsewhere, then by edit distance.
     */
    public List<String> closeNames(String wanted, int limit) {
        String target = wanted.toLowerCase(Locale.ROOT);
        int colon = target.indexOf(':');
        String namespace = colon < 0 ? target : target.substring(0, colon);
        String name = colon < 0 ? target : target.substring(colon + 1);
        Set<String> candidates = new LinkedHashSet<>(jdbc.queryForList(
                "SELECT name FROM packages WHERE namespace = ? OR name LIKE ? ORDER BY name LIMIT 2000",
                String.class,
                namespace,
                "%:" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")));
        candidates.addAll(
                jdbc.queryForList("SELECT name FROM packages ORDER BY updated_at DESC LIMIT 2000", String.class));
        int tolerance = Math.max(2, target.length() / 3);
        List<String> close = new ArrayList<>();
        for (String candidate : candidates) {
            if (distance(candidate, target) <= tolerance || candidate.endsWith(":" + name)) {
                close.add(candidate);
            }
        }
        close.sort(Comparator.comparingInt((String c) -> distance(c, target)).thenComparing(c -> c));
        return close.subList(0, Math.min(limit, close.size()));
    }

    /** Levenshtein distance, for suggestions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
