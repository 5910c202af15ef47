package dev.wreg.server.search;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.Dependent;
import dev.wreg.protocol.api.DependentsPage;
import dev.wreg.protocol.api.InterfaceParty;
import dev.wreg.protocol.api.InterfaceReport;
import dev.wreg.protocol.api.InterfaceTrack;
import dev.wreg.protocol.api.SearchHit;
import dev.wreg.protocol.api.SearchPage;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.database.AnswersUntilChange;
import dev.wreg.server.database.ChangeFeed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the interface index: text and interface search over packages, an interface's providers
 * and consumers by semver track, and the dependents of a package. Plain values in, wire records
 * out, domain exceptions ({@link InvalidSearchException}, {@link NotIndexedException}) for what
 * it refuses; the REST controller and the web pages both call it.
 *
 * <p>Text search runs in PostgreSQL: each package is searched by its current release's document
 * (name weighted over interfaces over description over function names), a query is read with
 * {@code websearch_to_tsquery} (which accepts any text: quotes, {@code or}, {@code -word}, stray
 * operators), and {@code pg_trgm} similarity on the package name catches near misses. Hits whose
 * release is yanked come after all others.
 */
@Service
public class SearchService {

    /** Providers and consumers listed per track; the counts say how many there are in all. */
    public static final int MAX_PARTIES_PER_TRACK = 100;

    private static final Pattern NAME_PUNCTUATION = Pattern.compile("[:/@.\\[\\]]");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9]*");
    /** How alike a one-word query and a package name must be to count as a near miss (pg_trgm). */
    static final double NAME_SIMILARITY = 0.5;
    /** A package's name without its namespace; migration V24 indexes its trigrams. */
    private static final String NAME_WITHOUT_NAMESPACE = "split_part(c.package, ':', 2)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final AnswersUntilChange<SearchQuery, SearchPage> searches;
    private final AnswersUntilChange<InterfaceName, InterfaceReport> interfaces;
    private final AnswersUntilChange<DependentsQuestion, DependentsPage> dependents;

    /**
     * @param cachedAnswers how many answers of each kind (searches, interfaces, dependents) are
     *     kept until the next change; 0 reads every question from the database
     */
    public SearchService(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            ChangeFeed changes,
            @Value("${wreg.search.cached-answers:1000}") int cachedAnswers) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.searches = new AnswersUntilChange<>(changes, cachedAnswers);
        this.interfaces = new AnswersUntilChange<>(changes, cachedAnswers);
        this.dependents = new AnswersUntilChange<>(changes, cachedAnswers);
    }

    // ---- search ------------------------------------------------------------------------------

    /** One page of packages matching {@code query}, best first. */
    public SearchPage search(SearchQuery query) {
        return searches.answer(query, () -> readOnly.execute(status -> readSearch(query)));
    }

    private SearchPage readSearch(SearchQuery query) {
        String tsText = NAME_PUNCTUATION.matcher(query.text()).replaceAll(" ");
        String raw = query.text().toLowerCase(Locale.ROOT);
        raw = raw.length() > 64 ? raw.substring(0, 64) : raw;
        // Near misses are for names: one token. Several words are text, and comparing them with
        // every name by trigrams would only cost time.
        boolean nameLike = query.hasText() && raw.chars().noneMatch(Character::isWhitespace);
        // Near misses compare the name without its namespace (a typo is in the name, and the same
        // name in another namespace is worth showing); the trigrams of namespaces are shared by
        // thousands of packages, and matching them made every name query read long posting lists.
        // A namespace the query names still counts in the score.
        boolean typedNamespace = raw.indexOf(':') >= 0;
        String rawName = typedNamespace ? raw.substring(raw.indexOf(':') + 1) : raw;
        if (nameLike) {
            jdbc.execute("SET LOCAL pg_trgm.similarity_threshold = " + NAME_SIMILARITY);
        }
        List<Object> scoreArgs = new ArrayList<>();
        String score = "0";
        if (query.hasText()) {
            score = "(ts_rank(c.document, q)"
                    + (nameLike
                            ? " + CASE WHEN " + NAME_WITHOUT_NAMESPACE + " % ? THEN similarity("
                                    + (typedNamespace ? "c.package" : NAME_WITHOUT_NAMESPACE) + ", ?) ELSE 0 END"
                            : "")
                    + " + CASE WHEN c.package = ? OR " + NAME_WITHOUT_NAMESPACE + " = ? THEN 1 ELSE 0 END)";
            if (nameLike) {
                scoreArgs.addAll(List.of(rawName, raw));
            }
            scoreArgs.addAll(List.of(raw, raw));
        }
        String textMatch = nameLike ? "(c.document @@ q OR " + NAME_WITHOUT_NAMESPACE + " % ?)" : "c.document @@ q";

        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        boolean filtered = query.exports() != null || query.imports() != null;
        if (!filtered) {
            sql.append("SELECT c.release_id, c.package_id, c.package, c.namespace, c.version, c.description, c.yanked,"
                            + " c.deprecated, ")
                    .append(score)
                    .append(" AS score, count(*) OVER () AS total FROM release_search c");
            args.addAll(scoreArgs);
            if (query.hasText()) {
                sql.append(" CROSS JOIN websearch_to_tsquery('english', ?) q");
                args.add(tsText);
            }
            sql.append(" WHERE c.current");
            if (query.hasText()) {
                sql.append(" AND ").append(textMatch);
                if (nameLike) {
                    args.add(rawName);
                }
            }
            if (query.namespace() != null) {
                sql.append(" AND c.namespace = ?");
                args.add(query.namespace());
            }
            sql.append(" ORDER BY c.yanked, score DESC, c.package");
        } else {
            // The newest matching release of each package (not yanked first), then the text, if
            // any, against the package's current release.
            sql.append(
                    "WITH matched AS (SELECT DISTINCT ON (s.package_id) s.release_id, s.package_id, s.package,"
                            + " s.namespace, s.version, s.description, s.yanked, s.deprecated FROM release_search s WHERE TRUE");
            appendFilter(sql, args, "export", query.exports());
            appendFilter(sql, args, "import", query.imports());
            if (query.namespace() != null) {
                sql.append(" AND s.namespace = ?");
                args.add(query.namespace());
            }
            sql.append(" ORDER BY s.package_id, s.yanked, s.v_major DESC, s.v_minor DESC, s.v_patch DESC,"
                    + " s.v_release DESC)");
            sql.append(" SELECT m.release_id, m.package_id, m.package, m.namespace, m.version, m.description,"
                            + " m.yanked, m.deprecated, ")
                    .append(score)
                    .append(" AS score, count(*) OVER () AS total FROM matched m");
            args.addAll(scoreArgs);
            if (query.hasText()) {
                sql.append(" JOIN release_search c ON c.package_id = m.package_id AND c.current"
                                + " CROSS JOIN websearch_to_tsquery('english', ?) q WHERE ")
                        .append(textMatch);
                args.add(tsText);
                if (nameLike) {
                    args.add(rawName);
                }
            }
            sql.append(" ORDER BY m.yanked, score DESC, m.package");
        }
        sql.append(" LIMIT ? OFFSET ?");
        args.add(query.perPage());
        args.add(query.offset());

        List<Row> rows = jdbc.query(
                sql.toString(),
                (rs, n) -> new Row(
                        rs.getLong("release_id"),
                        rs.getLong("package_id"),
                        rs.getString("package"),
                        rs.getString("namespace"),
                        rs.getString("version"),
                        rs.getString("description"),
                        rs.getBoolean("yanked"),
                        rs.getString("deprecated"),
                        rs.getLong("total")),
                args.toArray());
        long total = rows.isEmpty() ? countOnly(query) : rows.getFirst().total();
        Map<Long, List<IndexedInterface>> interfaces =
                interfacesOf(rows.stream().map(Row::releaseId).toList());
        Map<Long, String> latest = latestOf(rows.stream().map(Row::packageId).toList());
        Set<String> words = words(query.text());
        List<SearchHit> hits = rows.stream()
                .map(row -> new SearchHit(
                        row.pkg(),
                        row.namespace(),
                        latest.get(row.packageId()),
                        row.version(),
                        row.description(),
                        matched(interfaces.getOrDefault(row.releaseId(), List.of()), query, words),
                        row.yanked(),
                        row.deprecated()))
                .toList();
        return new SearchPage(hits, query.page(), query.perPage(), total);
    }

    private record Row(
            long releaseId,
            long packageId,
            String pkg,
            String namespace,
            String version,
            String description,
            boolean yanked,
            String deprecated,
            long total) {}

    /** Each package's newest release that is not yanked, as its log says ({@code packages.latest}). */
    private Map<Long, String> latestOf(List<Long> packageIds) {
        Map<Long, String> out = new HashMap<>();
        if (!packageIds.isEmpty()) {
            jdbc.query(
                    "SELECT id, latest FROM packages WHERE id = ANY (?)",
                    rs -> {
                        out.put(rs.getLong(1), rs.getString(2));
                    },
                    (Object) packageIds.toArray(Long[]::new));
        }
        return out;
    }

    /** A page past the end has no rows to carry the total; count once more without paging. */
    private long countOnly(SearchQuery query) {
        if (query.page() == 1) {
            return 0;
        }
        return readSearch(new SearchQuery(query.text(), query.exports(), query.imports(), query.namespace(), 1, 1))
                .total();
    }

    private static void appendFilter(StringBuilder sql, List<Object> args, String direction, InterfaceName name) {
        if (name == null) {
            return;
        }
        sql.append(" AND s.release_id IN (SELECT x.release_id FROM release_interfaces x"
                + " WHERE x.direction = ? AND x.interface = ?");
        args.add(direction);
        args.add(name.id());
        name.track().ifPresent(track -> {
            sql.append(" AND x.track = ?");
            args.add(track);
        });
        sql.append(")");
    }

    /** An interface row of a release. */
    private record IndexedInterface(String direction, String id, String version, String track) {
        String qualified() {
            return version == null ? id : id + "@" + version;
        }
    }

    private Map<Long, List<IndexedInterface>> interfacesOf(List<Long> releaseIds) {
        Map<Long, List<IndexedInterface>> out = new HashMap<>();
        if (releaseIds.isEmpty()) {
            return out;
        }
        jdbc.query(
                "SELECT release_id, direction, interface, version, track FROM release_interfaces"
                        + " WHERE release_id = ANY (?) ORDER BY release_id, direction DESC, interface, track",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new IndexedInterface(
                                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                },
                (Object) releaseIds.toArray(Long[]::new));
        return out;
    }

    /** The interfaces of a hit that the filters name, or whose name has a word of the text. */
    private static List<String> matched(List<IndexedInterface> interfaces, SearchQuery query, Set<String> words) {
        List<String> out = new ArrayList<>();
        for (IndexedInterface i : interfaces) {
            boolean byFilter = matches(i, "export", query.exports()) || matches(i, "import", query.imports());
            boolean byText = !words.isEmpty() && words(i.id()).stream().anyMatch(words::contains);
            if ((byFilter || byText) && !out.contains(i.qualified())) {
                out.add(i.qualified());
            }
        }
        return out;
    }

    private static boolean matches(IndexedInterface i, String direction, InterfaceName filter) {
        return filter != null
                && i.direction().equals(direction)
                && i.id().equals(filter.id())
                && filter.track().map(t -> t.equals(i.track())).orElse(true);
    }

    private static Set<String> words(String text) {
        Set<String> words = new java.util.HashSet<>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    // ---- interfaces --------------------------------------------------------------------------

    /**
     * Who provides and consumes {@code name}: every track (or only the one its version names),
     * newest first, each with the WIT text of its newest interface version.
     *
     * @throws NotIndexedException when no release imports, exports or defines it
     */
    public InterfaceReport describe(InterfaceName name) {
        return interfaces.answer(name, () -> readOnly.execute(status -> readInterface(name)));
    }

    private InterfaceReport readInterface(InterfaceName name) {
        List<Object> args = new ArrayList<>(List.of(name.id()));
        String trackFilter = "";
        if (name.track().isPresent()) {
            trackFilter = " AND x.track = ?";
            args.add(name.track().get());
        }
        List<TrackRow> summary = jdbc.query(
                "SELECT x.track, x.direction, count(*), count(DISTINCT x.package_id) FROM release_interfaces x"
                        + " WHERE x.interface = ?" + trackFilter
                        + " GROUP BY x.track, x.direction",
                (rs, n) -> new TrackRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)),
                args.toArray());
        if (summary.isEmpty()) {
            throw new NotIndexedException(
                    "no release imports, exports or defines " + name, nearestInterfaces(name.id()));
        }
        List<String> tracks = jdbc.queryForList(
                "SELECT x.track FROM release_interfaces x WHERE x.interface = ?" + trackFilter
                        + " GROUP BY x.track ORDER BY (x.track = '') , max(x.i_major) DESC, max(x.i_minor) DESC,"
                        + " max(x.i_patch) DESC, x.track DESC",
                String.class,
                args.toArray());
        List<InterfaceTrack> out = new ArrayList<>();
        for (String track : tracks) {
            Map<String, TrackRow> byDirection = new HashMap<>();
            summary.stream().filter(r -> r.track().equals(track)).forEach(r -> byDirection.put(r.direction(), r));
            record Newest(String version, String wit) {}
            Newest newest = jdbc.queryForObject(
                    "SELECT x.version, t.wit FROM release_interfaces x JOIN interface_texts t ON t.digest = x.wit_digest"
                            + " WHERE x.interface = ? AND x.track = ? ORDER BY x.i_major DESC, x.i_minor DESC,"
                            + " x.i_patch DESC, (x.direction = 'define') DESC, (x.direction = 'export') DESC,"
                            + " x.release_id DESC LIMIT 1",
                    (rs, n) -> new Newest(rs.getString(1), rs.getString(2)),
                    name.id(),
                    track);
            out.add(new InterfaceTrack(
                    InterfaceName.displayTrack(track),
                    newest.version(),
                    newest.wit(),
                    parties(name.id(), track, "export"),
                    packagesOf(byDirection.get("export")),
                    parties(name.id(), track, "import"),
                    packagesOf(byDirection.get("import"))));
        }
        return new InterfaceReport(
                name.id(), name.version() == null ? null : name.version().toString(), out);
    }

    /** Releases and packages using an interface on one track in one direction. */
    private record TrackRow(String track, String direction, long releases, long packages) {}

    private static long packagesOf(TrackRow row) {
        return row == null ? 0 : row.packages();
    }

    private List<InterfaceParty> parties(String iface, String track, String direction) {
        return jdbc.query(
                "SELECT s.package, s.version, x.version, s.yanked, s.deprecated FROM release_interfaces x"
                        + " JOIN release_search s ON s.release_id = x.release_id"
                        + " WHERE x.interface = ? AND x.direction = ? AND x.track = ?"
                        + " ORDER BY x.i_major DESC, x.i_minor DESC, x.i_patch DESC, x.release_id DESC LIMIT "
                        + MAX_PARTIES_PER_TRACK,
                (rs, n) -> new InterfaceParty(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)),
                iface,
                direction,
                track);
    }

    /** Up to three indexed interface names like {@code id}, most similar first. */
    public List<String> nearestInterfaces(String id) {
        return jdbc.queryForList(
                "SELECT interface FROM (SELECT DISTINCT interface FROM release_interfaces WHERE interface % ?) i"
                        + " ORDER BY similarity(interface, ?) DESC, interface LIMIT 3",
                String.class, id, id);
    }

    /** Up to three package names like {@code name}, most similar first. */
    public List<String> nearestPackages(String name) {
        return jdbc.queryForList(
                "SELECT package FROM release_search WHERE current AND package % ?"
                        + " ORDER BY similarity(package, ?) DESC, package LIMIT 3",
                String.class, name, name);
    }

    // ---- dependents --------------------------------------------------------------------------

    /**
     * The releases whose imports the exports of {@code pkg}'s release {@code version} (its current
     * release when null) satisfy: the same interface on the same track, at a version no newer than
     * the one exported. Ordered by package, newest release first.
     *
     * @throws NotIndexedException when the package or the version is not indexed
     */
    public DependentsPage dependents(PackageName pkg, Version version, int page, int perPage) {
        SearchQuery.checkPage(page, perPage);
        return dependents.answer(
                new DependentsQuestion(pkg, version, page, perPage),
                () -> readOnly.execute(status -> readDependents(pkg, version, page, perPage)));
    }

    private record DependentsQuestion(PackageName pkg, Version version, int page, int perPage) {}

    private DependentsPage readDependents(PackageName pkg, Version version, int page, int perPage) {
        record Target(long releaseId, long packageId, String version) {}
        List<Target> targets = jdbc.query(
                "SELECT release_id, package_id, version FROM release_search WHERE package = ?"
                        + (version == null ? " AND current" : " AND version = ?"),
                (rs, n) -> new Target(rs.getLong(1), rs.getLong(2), rs.getString(3)),
                version == null ? new Object[] {pkg.toString()} : new Object[] {pkg.toString(), version.toString()});
        if (targets.isEmpty()) {
            boolean known = version != null
                    && !jdbc.queryForList("SELECT 1 FROM release_search WHERE package = ? LIMIT 1", pkg.toString())
                            .isEmpty();
            if (known) {
                throw new NotIndexedException(pkg + " has no release " + version, List.of());
            }
            throw new NotIndexedException("no package " + pkg, nearestPackages(pkg.toString()));
        }
        Target target = targets.getFirst();
        record Export(String iface, String version, String track, long major, long minor, long patch) {
            String qualified() {
                return version == null ? iface : iface + "@" + version;
            }
        }
        List<Export> exports = jdbc.query(
                "SELECT interface, version, track, i_major, i_minor, i_patch FROM release_interfaces"
                        + " WHERE release_id = ? AND direction = 'export' ORDER BY interface, track",
                (rs, n) -> new Export(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
                target.releaseId());
        if (exports.isEmpty()) {
            return new DependentsPage(pkg.toString(), target.version(), List.of(), List.of(), page, perPage, 0);
        }
        // Which imports each export satisfies: the same interface and track, no newer a version.
        List<Object> conditionArgs = new ArrayList<>();
        String satisfied = exports.stream()
                .map(e -> {
                    conditionArgs.addAll(List.of(e.iface(), e.track(), e.major(), e.minor(), e.patch()));
                    return "(x.interface = ? AND x.track = ? AND (x.i_major, x.i_minor, x.i_patch) <= (?, ?, ?))";
                })
                .collect(Collectors.joining(" OR "));
        String where =
                " FROM release_interfaces x WHERE x.direction = 'import' AND x.package_id <> ? AND (" + satisfied + ")";
        List<Object> whereArgs = new ArrayList<>();
        whereArgs.add(target.packageId());
        whereArgs.addAll(conditionArgs);
        long total = exports.size() == 1
                ? jdbc.queryForObject("SELECT count(*)" + where, Long.class, whereArgs.toArray())
                : jdbc.queryForObject("SELECT count(DISTINCT x.release_id)" + where, Long.class, whereArgs.toArray());
        // One export (the usual case) reads the by-package index in order; several need a sort.
        List<Object> pageArgs = new ArrayList<>(whereArgs);
        pageArgs.add(perPage);
        pageArgs.add((page - 1) * perPage);
        record PageRow(long releaseId, String pkg, String imports) {}
        String order = " ORDER BY x.package, x.r_major DESC, x.r_minor DESC, x.r_patch DESC, x.r_release DESC"
                + " LIMIT ? OFFSET ?";
        String pageSql = exports.size() == 1
                ? "SELECT x.release_id, x.package, x.interface || coalesce('@' || x.version, '')" + where + order
                : "SELECT x.release_id, x.package, string_agg(x.interface || coalesce('@' || x.version, ''), ' '"
                        + " ORDER BY x.interface)" + where
                        + " GROUP BY x.release_id, x.package, x.r_major, x.r_minor, x.r_patch, x.r_release" + order;
        List<PageRow> pageRows = jdbc.query(
                pageSql, (rs, n) -> new PageRow(rs.getLong(1), rs.getString(2), rs.getString(3)), pageArgs.toArray());
        record Status(String version, boolean yanked, String deprecated) {}
        Map<Long, Status> status = new HashMap<>();
        if (!pageRows.isEmpty()) {
            jdbc.query(
                    "SELECT release_id, version, yanked, deprecated FROM release_search WHERE release_id = ANY (?)",
                    rs -> {
                        status.put(rs.getLong(1), new Status(rs.getString(2), rs.getBoolean(3), rs.getString(4)));
                    },
                    (Object) pageRows.stream().map(PageRow::releaseId).toArray(Long[]::new));
        }
        List<Dependent> dependents = pageRows.stream()
                .map(r -> {
                    Status st = status.get(r.releaseId());
                    return new Dependent(
                            r.pkg(), st.version(), Arrays.asList(r.imports().split(" ")), st.yanked(), st.deprecated());
                })
                .toList();
        return new DependentsPage(
                pkg.toString(),
                target.version(),
                exports.stream().map(Export::qualified).toList(),
                dependents,
                page,
                perPage,
                total);
    }

    /** Parses the interface path of {@code GET /v1/interfaces/{pkg}/{iface}}. */
    public static InterfaceName interfaceOf(String pkg, String iface) {
        try {
            return InterfaceName.parse(pkg + "/" + iface);
        } catch (ProtocolException e) {
            throw new InvalidSearchException(e.getMessage());
        }
    }
}
