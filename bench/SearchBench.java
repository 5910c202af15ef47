import dev.wreg.engine.wit.component.ComponentInterfaces;
import dev.wreg.engine.wit.component.ComponentInterfaces.Direction;
import dev.wreg.engine.wit.component.ComponentInterfaces.InterfaceUse;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.search.InterfaceIndex;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.sql.DataSource;
import lib.BenchServer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The interface index benchmark (docs/benchmarks.md, "Search"), run by bench/search-bench.sh with
 * the server jar's classes on the class path.
 *
 * <p>A PostgreSQL of its own (zonky, as the server embeds), the real server jar on it. Namespaces
 * are claimed through the API; then 100,000 synthetic releases are bulk-loaded: package and release
 * rows with the columns a publish writes, and their index rows through {@link InterfaceIndex}, the
 * writer the publish transaction calls (releases carry no signed records: search never reads them).
 * Then, over HTTP on loopback, one request at a time: a name, an interface and a description search
 * and the dependents of a popular interface's provider, p50/p99, next to {@code GET /v1/operator}
 * as the reference, with the server's kept search answers turned off (each figure is the
 * database's work for a question not asked since the index last changed). ({@code wreg lock} has its own benchmark: bench/lock-bench.sh.)
 */
public class SearchBench {

    static final String[] WORDS = ("alpha beta gamma delta kappa lambda sigma omega river stone cloud forest ember"
                    + " frost harbor meadow signal vector matrix tensor parser codec stream buffer cache ledger"
                    + " archive beacon bridge cipher compass crystal engine falcon garden glacier horizon"
                    + " lantern mirror nebula orbit pixel quartz radar rocket sensor shadow socket spark"
                    + " summit thunder timber token tunnel valley vertex willow zephyr").split(" ");
    static final String[] DESCRIPTION_WORDS = ("fast small secure streaming json yaml http grpc image audio video"
                    + " compression encryption hashing parsing rendering caching logging metrics tracing auth"
                    + " storage queue scheduler router gateway proxy template markdown search index vector math"
                    + " geometry physics random time date locale unicode regex diff patch sync async pool").split(" ");

    static final String BOOTSTRAP_TOKEN = "wreg_SearchBenchBootstrapToken0123456789";

    public static void main(String[] args) throws Exception {
        // Only the figures on stdout: the embedded PostgreSQL's start-up chatter is not wanted.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path root = Path.of(args[0]).toRealPath();
        int releaseCount = Integer.parseInt(args.length > 1 ? args[1] : "100000");
        int samples = Integer.parseInt(args.length > 2 ? args[2] : "400");
        Path work = Files.createTempDirectory("wreg-search-bench");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("postgres"))
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "60")
                .setServerConfig("shared_buffers", "256MB")
                .start()) {
            new SearchBench(root, work, pg).run(releaseCount, samples);
        } finally {
            try (var paths = Files.walk(work)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private final Path root;
    private final Path work;
    private final EmbeddedPostgres pg;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(42);
    private BenchServer server;
    private URI base;
    private String token;

    SearchBench(Path root, Path work, EmbeddedPostgres pg) {
        this.root = root;
        this.work = work;
        this.pg = pg;
    }

    void run(int releaseCount, int samples) throws Exception {
        startServer();
        try {
            PrivateKey owner = PrivateKey.generateEd25519();
            int namespaces = 50;
            for (int n = 0; n < namespaces; n++) {
                claim("ns" + n, owner);
            }
            claim("popular", owner);
            long t0 = System.nanoTime();
            Seeded seeded = seed(pg.getPostgresDatabase(), releaseCount, namespaces);
            System.out.printf("seeded %,d releases of %,d packages in %.1f s%n",
                    releaseCount, seeded.packages(), (System.nanoTime() - t0) / 1e9);

            System.out.printf("== search over %,d releases, HTTP on loopback, %d requests each, one at a time%n",
                    releaseCount, samples);
            report("reference GET /v1/operator", measure(samples, i -> "/v1/operator"), null);
            report("name query (q=<package name>)", measure(samples, i -> "/v1/search?q="
                    + enc(seeded.names().get(i % seeded.names().size()))), "p99 <= 50 ms");
            report("interface query (exports=<interface>)", measure(samples, i -> "/v1/search?exports="
                    + enc(seeded.interfaces().get(i % seeded.interfaces().size()))), "p99 <= 50 ms");
            report("description query (q=<two words>)", measure(samples, i -> "/v1/search?q="
                    + enc(DESCRIPTION_WORDS[i % DESCRIPTION_WORDS.length] + " "
                            + DESCRIPTION_WORDS[(i * 7 + 3) % DESCRIPTION_WORDS.length])), "p99 <= 50 ms");
            String dependentsTotal = get("/v1/packages/popular:kv/dependents?per_page=20")
                    .replaceAll("(?s).*\"total\":(\\d+).*", "$1");
            report("dependents of popular:kv (" + dependentsTotal + " releases import popular:kv/store)",
                    measure(samples, i -> "/v1/packages/popular:kv/dependents?page=" + (1 + i % 5)),
                    "p99 <= 50 ms");

        } finally {
            stopServer();
        }
    }

    // ---- seeding --------------------------------------------------------------------------

    record Seeded(int packages, List<String> names, List<String> interfaces) {}

    Seeded seed(DataSource dataSource, int releaseCount, int namespaces) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        InterfaceIndex index = new InterfaceIndex(jdbc);
        String[] versions = {"1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0"};
        int packages = releaseCount / versions.length;
        // 2,000 library interfaces; providers are spread, consumers skewed towards the first ones.
        int interfaceCount = 2000;
        List<String> names = new ArrayList<>();
        List<String> interfaces = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            interfaces.add(interfaceName(k * 7 % interfaceCount));
        }

        // The popular provider: its one release exports popular:kv/store@1.2.0.
        long popular = insertPackage(jdbc, "popular:kv", "popular", "1.2.0");
        long popularRelease = insertRelease(jdbc, popular, "1.2.0", false);
        index.insert(popularRelease, popular, PackageName.parse("popular:kv"), Version.parse("1.2.0"),
                Optional.of(new ComponentInterfaces(
                        List.of(use(Direction.EXPORT, "popular:kv/store", "1.2.0", "get set delete")),
                        "A key-value store everyone imports")));
        index.syncStatus(popular, List.of(new InterfaceIndex.ReleaseStatus(Version.parse("1.2.0"), false, null)));

        int batch = 200;
        for (int start = 0; start < packages; start += batch) {
            int from = start;
            int to = Math.min(packages, start + batch);
            transaction.executeWithoutResult(status -> {
                for (int p = from; p < to; p++) {
                    String ns = "ns" + (p % namespaces);
                    String name = ns + ":" + WORDS[p % WORDS.length] + "-" + WORDS[(p / WORDS.length) % WORDS.length]
                            + "-" + letters(p);
                    if (p % 100 == 0) {
                        names.add(name);
                    }
                    String description = description(p);
                    long packageId = insertPackage(jdbc, name, ns, versions[versions.length - 1]);
                    List<InterfaceIndex.ReleaseStatus> statuses = new ArrayList<>();
                    for (String v : versions) {
                        boolean yanked = random.nextInt(50) == 0;
                        long releaseId = insertRelease(jdbc, packageId, v, yanked);
                        index.insert(releaseId, packageId, PackageName.parse(name), Version.parse(v),
                                Optional.of(new ComponentInterfaces(uses(p, interfaceCount), description)));
                        statuses.add(new InterfaceIndex.ReleaseStatus(Version.parse(v), yanked, null));
                    }
                    index.syncStatus(packageId, statuses);
                }
            });
        }
        // What autovacuum does within a minute of a bulk load, and what a running registry's tables
        // look like: statistics, the visibility map (index-only scans) and GIN pending lists merged.
        jdbc.execute("VACUUM ANALYZE");
        return new Seeded(packages + 1, names, interfaces);
    }

    /** {@code n} in letters (a name's words must start with one): 0 → a, 27 → bb. */
    static String letters(int n) {
        StringBuilder out = new StringBuilder();
        do {
            out.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return out.toString();
    }

    static String interfaceName(int k) {
        return "lib" + (k % 40) + ":mod" + k + "/" + WORDS[k % WORDS.length];
    }

    List<InterfaceUse> uses(int p, int interfaceCount) {
        List<InterfaceUse> uses = new ArrayList<>();
        int exported = p % interfaceCount;
        uses.add(use(Direction.EXPORT, interfaceName(exported), "1." + (p % 3) + ".0", "get put list"));
        if (p % 3 == 0) {
            int second = (p * 13 + 5) % interfaceCount;
            uses.add(use(Direction.EXPORT, interfaceName(second), "0." + (1 + p % 2) + ".0", "open close"));
        }
        int imports = 2 + random.nextInt(3);
        for (int i = 0; i < imports; i++) {
            // Skewed: low interface numbers are imported far more often.
            int k = (int) Math.min(interfaceCount - 1, Math.floor(Math.pow(random.nextDouble(), 3) * interfaceCount));
            if (k != exported) {
                uses.add(use(Direction.IMPORT, interfaceName(k), "1.0.0", "get"));
            }
        }
        if (random.nextInt(5) == 0) {
            uses.add(use(Direction.IMPORT, "popular:kv/store", "1." + random.nextInt(3) + ".0", "get set"));
        }
        return dedupe(uses);
    }

    static List<InterfaceUse> dedupe(List<InterfaceUse> uses) {
        Map<String, InterfaceUse> out = new java.util.LinkedHashMap<>();
        for (InterfaceUse u : uses) {
            out.putIfAbsent(u.direction() + " " + u.qualified(), u);
        }
        return List.copyOf(out.values());
    }

    static InterfaceUse use(Direction direction, String id, String version, String functions) {
        int slash = id.indexOf('/');
        String pkg = id.substring(0, slash);
        String name = id.substring(slash + 1);
        String wit = "package " + pkg + "@" + version + ";\n\ninterface " + name + " {\n"
                + Arrays.stream(functions.split(" ")).map(f -> "  " + f + ": func();\n").reduce("", String::concat)
                + "}\n";
        return new InterfaceUse(direction, pkg, name, version, List.of(functions.split(" ")), wit);
    }

    String description(int p) {
        StringBuilder text = new StringBuilder("A");
        int words = 8 + random.nextInt(8);
        for (int i = 0; i < words; i++) {
            text.append(' ').append(DESCRIPTION_WORDS[random.nextInt(DESCRIPTION_WORDS.length)]);
        }
        return text.append(" component, number ").append(p).append('.').toString();
    }

    static long insertPackage(JdbcTemplate jdbc, String name, String namespace, String latest) {
        return jdbc.queryForObject(
                "INSERT INTO packages (name, canonical_name, namespace, record_count, latest) VALUES (?, ?, ?, 2, ?)"
                        + " RETURNING id",
                Long.class,
                name,
                PackageName.parse(name).canonical(),
                namespace,
                latest);
    }

    static long insertRelease(JdbcTemplate jdbc, long packageId, String version, boolean yanked) {
        String digest = Digest.sha256((packageId + "@" + version).getBytes(StandardCharsets.UTF_8)).toString();
        return jdbc.queryForObject(
                "INSERT INTO releases (package_id, version, content_digest, size, record_id, released_at, yanked,"
                        + " yank_reason, capabilities) VALUES (?, ?, ?, 1000, ?, ?, ?, ?, '') RETURNING id",
                Long.class,
                packageId,
                version,
                digest,
                digest,
                Timestamp.from(Instant.now()),
                yanked,
                yanked ? "synthetic" : null);
    }

    // ---- the server ---------------------------------------------------------------------------

    void startServer() throws Exception {
        server = BenchServer.start(
                root,
                work,
                "1g",
                BOOTSTRAP_TOKEN,
                List.of(
                        "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        // An external database means no generated keys or token: give them.
                        "--wreg.operator-key=" + PrivateKey.generateEd25519().text(),
                        // Answers kept in memory until the next change would make every repeated
                        // question free; these figures are those of a question asked for the
                        // first time since the index last changed (the database's work).
                        "--wreg.search.cached-answers=0"));
        base = server.base();
        token = BOOTSTRAP_TOKEN;
    }

    void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    void claim(String namespace, PrivateKey owner) throws Exception {
        // The owner signs the claim: the registry accepts owner keys only with their signatures.
        String signature = new dev.wreg.protocol.record.NamespaceClaim(namespace, List.of(owner.publicKey()))
                .sign(owner);
        String body = "{\"namespace\":\"" + namespace + "\",\"owners\":[\"" + owner.publicKey().text()
                + "\"],\"signatures\":[\"" + signature + "\"]}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("/v1/namespaces"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("claim " + namespace + ": " + response.body());
        }
    }

    String get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    interface Paths {
        String path(int i);
    }

    /** Latencies in ms of {@code samples} requests one after another, after a warm-up. */
    double[] measure(int samples, Paths paths) throws Exception {
        for (int i = 0; i < Math.min(50, samples); i++) {
            get(paths.path(i + samples));
        }
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            get(paths.path(i));
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static void report(String what, double[] sorted, String target) {
        System.out.printf("%-70s p50 %7.2f ms, p99 %7.2f ms%s%n", what, percentile(sorted, 0.50),
                percentile(sorted, 0.99), target == null ? "" : "  (target " + target + ")");
    }
}
