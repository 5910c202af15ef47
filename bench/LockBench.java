import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.NamespaceClaim;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lib.BenchServer;

/**
 * The {@code wreg lock} benchmark (docs/benchmarks.md, "wreg lock"), run by bench/lock-bench.sh
 * with the server jar's classes on the class path.
 *
 * <p>The real server jar on its embedded defaults (a PostgreSQL of its own) in a temporary data
 * directory. Twenty packages are published through the API exactly as {@code wreg publish} does it
 * (a signed record, a blob each: calc-provider 1.1.0 with a custom section naming the package, so
 * that every package has bytes of its own). Then, each a fresh process (cold JVM), measured in the
 * same run:
 *
 * <ul>
 *   <li>reference: {@code ./wreg --version} (the JVM floor) and one {@code curl} process making the
 *       20 {@code GET /v1/packages/{pkg}/records} round trips the dependencies need at least, one
 *       after the other on one connection (the network and server floor);
 *   <li>{@code wreg lock} with nothing known (keys pinned on first use, every record proven, 20
 *       blobs downloaded), then again with the lock deleted (state and cache kept), then
 *       {@code wreg lock --locked} with the lock in place, and {@code wreg deps fetch --locked}.
 * </ul>
 */
public class LockBench {

    static final String BOOTSTRAP_TOKEN = "wreg_LockBenchBootstrapToken0123456789ab";
    static final int DEPENDENCIES = 20;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toRealPath();
        int runs = Integer.parseInt(args.length > 1 ? args[1] : "7");
        Path work = Files.createTempDirectory("wreg-lock-bench");
        LockBench bench = new LockBench(root, work);
        try {
            bench.run(runs);
        } finally {
            bench.stopServer();
            try (var paths = Files.walk(work)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private final Path root;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private BenchServer server;
    private URI base;

    LockBench(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    void run(int runs) throws Exception {
        startServer();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim("lockbench", owner);
        byte[] component = Files.readAllBytes(root.resolve("../shared/fixtures/wasm/calc-provider-1.1.0.wasm"));
        StringBuilder manifest = new StringBuilder("[dependencies]\n");
        List<String> packages = new ArrayList<>();
        for (int i = 0; i < DEPENDENCIES; i++) {
            PackageName pkg = PackageName.parse("lockbench:dep-" + (char) ('a' + i));
            publish(pkg, withCustomSection(component, "wreg-bench", pkg.toString()), owner);
            manifest.append('"').append(pkg).append("\" = \"^1\"\n");
            packages.add(pkg.toString());
        }
        Path project = Files.createDirectories(work.resolve("project"));
        Files.writeString(project.resolve("wreg.toml"), manifest.toString());
        Path lock = project.resolve("wreg.lock");
        if (System.getenv("WREG_BENCH_HOLD") != null) {
            // For profiling by hand: the registry stays up until stdin closes.
            System.out.println("registry " + base + ", project " + project + ", HOME " + work.resolve("home"));
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
            return;
        }

        double[] version = new double[runs];
        double[] curl = new double[runs];
        double[] first = new double[runs];
        double[] again = new double[runs];
        double[] locked = new double[runs];
        double[] fetch = new double[runs];
        // Interleaved, so that a change in the machine's load touches every figure alike.
        for (int i = 0; i < runs; i++) {
            version[i] = time(project, List.of(root.resolve("wreg").toString(), "--version"));
            curl[i] = time(project, curlRecords(packages));
            forgetEverything(project);
            first[i] = wreg(project, "lock");
            Files.delete(lock);
            again[i] = wreg(project, "lock");
            locked[i] = wreg(project, "lock", "--locked");
            fetch[i] = wreg(project, "deps", "fetch", "--locked");
        }
        System.out.printf("== wreg lock, a manifest with %d package dependencies, a fresh process (cold JVM)"
                + " each run, %d runs%n", DEPENDENCIES, runs);
        report("reference ./wreg --version", version, null);
        report("reference curl: " + DEPENDENCIES + " GET /v1/packages/{pkg}/records, one connection", curl, null);
        report("wreg lock, nothing known (keys pinned, records proven, 20 blobs)", first, "<= 1500 ms");
        report("wreg lock, lock deleted (state and blob cache kept)", again, "<= 1500 ms");
        report("wreg lock --locked (lock in place)", locked, null);
        report("wreg deps fetch --locked (writes wit/deps)", fetch, null);
    }

    static void report(String what, double[] ms, String target) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double p90 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.9 * sorted.length) - 1)];
        System.out.printf("%-72s median %6.0f ms, p90 %6.0f ms%s%n", what, median, p90,
                target == null ? "" : "  (target " + target + ")");
    }

    /** A component binary with one more custom section: the same component, other bytes. */
    static byte[] withCustomSection(byte[] component, String name, String payload) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        leb(content, nameBytes.length);
        content.writeBytes(nameBytes);
        content.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(component);
        out.write(0); // custom section
        leb(out, content.size());
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    /** Removes the lock, the blob cache and everything the CLI pinned: a machine that never ran wreg. */
    void forgetEverything(Path project) throws IOException {
        Files.deleteIfExists(project.resolve("wreg.lock"));
        Path home = work.resolve("home");
        if (Files.exists(home)) {
            try (var paths = Files.walk(home)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    List<String> curlRecords(List<String> packages) {
        List<String> command = new ArrayList<>(List.of("curl", "-sf", "-o", "/dev/null"));
        for (int i = 0; i < packages.size(); i++) {
            if (i > 0) {
                command.addAll(List.of("-o", "/dev/null"));
            }
            command.add(base.resolve("/v1/packages/" + packages.get(i) + "/records?from=0").toString());
        }
        return command;
    }

    // ---- the server ---------------------------------------------------------------------------

    void startServer() throws Exception {
        server = BenchServer.start(root, work, "512m", BOOTSTRAP_TOKEN, List.of());
        base = server.base();
    }

    void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + BOOTSTRAP_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void claim(String namespace, PrivateKey owner) throws Exception {
        String signature = new NamespaceClaim(namespace, List.of(owner.publicKey())).sign(owner);
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/namespaces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":\"" + namespace + "\",\"owners\":[\""
                        + owner.publicKey().text() + "\"],\"signatures\":[\"" + signature + "\"]}")));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("claim " + namespace + ": " + response.body());
        }
    }

    /** As {@code wreg publish}: the blob first, then the signed record releasing it. */
    void publish(PackageName pkg, byte[] component, PrivateKey owner) throws Exception {
        Digest digest = Digest.sha256(component);
        HttpResponse<String> blob = send(HttpRequest.newBuilder(base.resolve("/v1/blobs/" + digest))
                .header("Content-Type", "application/wasm")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(component)));
        if (blob.statusCode() / 100 != 2) {
            throw new IllegalStateException("upload " + pkg + ": " + blob.body());
        }
        SignedRecord record = SignedRecord.sign(
                new PackageRecord(
                        pkg,
                        null,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        List.of(
                                new Entry.Init(owner.publicKey()),
                                new Entry.Release(Version.parse("1.1.0"), digest, component.length, null))),
                owner);
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/packages/" + pkg + "/records"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(record.envelope().toJson())));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("publish " + pkg + ": " + response.body());
        }
    }

    double wreg(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("wreg").toString());
        command.addAll(List.of(args));
        return time(dir, command);
    }

    /** Wall time in ms of one process run in {@code dir}; it must succeed. */
    double time(Path dir, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("command.out").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("WREG_") || k.startsWith("XDG_"));
        env.put("HOME", work.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", work.resolve("home/config").toString());
        env.put("XDG_CACHE_HOME", work.resolve("home/cache").toString());
        env.put("XDG_STATE_HOME", work.resolve("home/state").toString());
        env.put("WREG_REGISTRY", base.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                    + Files.readString(work.resolve("command.out")));
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
