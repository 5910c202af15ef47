package dev.wreg.bench;

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
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The registry server's resident memory under hostile compositions (issue 20: "the memory limit of
 * 1 GiB still let the process peak at 2.1 GB RSS"). Starts the server jar with {@code -Xmx1g} and
 * native memory tracking, publishes a component that loops forever and one that grows its memory
 * without end, and submits rounds of two loops and a bomb at once. It prints, for the reference
 * configuration (1 GiB of guest memory per smoke run, three jobs at once: what the server allowed
 * before) and for the defaults, the idle and peak RSS of the server process (PostgreSQL, a process
 * of its own, is not counted) and where the JVM's committed memory went at the peak.
 *
 * <p>Usage: {@code java -cp wreg-benchmarks.jar dev.wreg.bench.ServerMemory SERVER_JAR [rounds [SERVER_OPTION...]]}:
 * the server options go to both configurations (bench/server-memory.sh's quick mode shortens the
 * smoke runs' time limit with one, so that the loops end sooner).
 */
public final class ServerMemory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private record Config(String name, List<String> serverArgs) {}

    /**
     * What one configuration measured; {@code stopped} says why its server stopped answering before
     * the rounds were done (null when it answered to the end).
     */
    private record Figures(
            long idleRss, long peakRss, int limitFailures, int jobs, String nativeMemory, String stopped) {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<String> both = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        List<String> reference = new ArrayList<>(
                List.of("--wreg.compositions.smoke-run.max-memory=1GB", "--wreg.compositions.workers=3"));
        reference.addAll(both);
        List<Config> configs = List.of(
                new Config("reference: 1 GiB per smoke run, 3 at once", reference),
                new Config("defaults: 128 MiB per smoke run, 1 at once", both));
        List<Figures> results = new ArrayList<>();
        for (Config config : configs) {
            results.add(measure(jar, config, rounds));
        }
        System.out.printf(
                "%n%-45s %12s %12s %18s%n", "configuration (-Xmx1g)", "idle RSS", "peak RSS", "jobs failed w/ limit");
        for (int i = 0; i < configs.size(); i++) {
            Figures f = results.get(i);
            System.out.printf(
                    "%-45s %9d MiB %9d MiB %15d / %d%n",
                    configs.get(i).name(), f.idleRss() >> 20, f.peakRss() >> 20, f.limitFailures(), f.jobs());
            if (f.stopped() != null) {
                System.out.printf("  %s: %s%n", configs.get(i).name(), f.stopped());
            }
        }
        for (int i = 0; i < configs.size(); i++) {
            System.out.printf(
                    "%n-- JVM native memory at the end, %s%n%s%n",
                    configs.get(i).name(), results.get(i).nativeMemory());
        }
    }

    private static Figures measure(Path jar, Config config, int rounds) throws Exception {
        Path data = Files.createTempDirectory("wreg-memory-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:NativeMemoryTracking=summary",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--wreg.data-dir=" + data,
                "--wreg.compositions.poll-interval=200ms"));
        command.addAll(config.serverArgs());
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile())
                .start();
        AtomicLong peak = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (server.isAlive()) {
                peak.accumulateAndGet(ProcessMemory.rss(server.pid()), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitReady(base, server, data);
            String token = Files.readString(data.resolve("bootstrap-token")).strip();
            PrivateKey owner = PrivateKey.generateEd25519();
            String namespace = "memory";
            NamespaceClaim claim = new NamespaceClaim(namespace, List.of(owner.publicKey()));
            send(
                    base,
                    token,
                    "/v1/namespaces",
                    "POST",
                    JSON.writeValueAsBytes(Map.of(
                            "namespace", namespace,
                            "owners", List.of(owner.publicKey().text()),
                            "signatures", List.of(claim.sign(owner)))));
            publish(base, token, owner, new PackageName(namespace, "looper"), command(LOOP, false));
            publish(base, token, owner, new PackageName(namespace, "bomb"), command(GROW, true));
            Thread.sleep(2000);
            long idle = ProcessMemory.rss(server.pid());
            int jobs = 0;
            int limited = 0;
            String stopped = null;
            // The reference lets three smoke runs take 1 GiB each of a 1 GiB heap: its server may
            // run out of heap in a thread of its own (Tomcat's poller, say) and stop answering.
            // That is a result of the measurement, not a failure of it.
            try {
                for (int round = 0; round < rounds; round++) {
                    List<String> ids = new ArrayList<>();
                    for (String pkg : List.of("looper", "looper", "bomb")) {
                        String plan =
                                "package demo:hostile;\nlet h = new " + namespace + ":" + pkg + " {};\nexport h...;\n";
                        JsonNode job = send(
                                base,
                                token,
                                "/v1/compositions",
                                "POST",
                                JSON.writeValueAsBytes(Map.of("plan", plan, "invoke", List.of("run()"))),
                                "Prefer",
                                "respond-async");
                        ids.add(job.path("id").asString());
                    }
                    for (String id : ids) {
                        JsonNode view;
                        // A worker that ran out of heap may leave its job running for good.
                        long deadline =
                                System.nanoTime() + Duration.ofMinutes(2).toNanos();
                        do {
                            if (System.nanoTime() > deadline) {
                                throw new JobNeverFinished(id);
                            }
                            Thread.sleep(250);
                            view = send(base, null, "/v1/compositions/" + id, "GET", null);
                        } while (!view.path("status").asString().equals("failed")
                                && !view.path("status").asString().equals("succeeded"));
                        jobs++;
                        if ("limit-exceeded"
                                .equals(view.path("error").path("code").asString())) {
                            limited++;
                        }
                    }
                }
            } catch (java.io.IOException | JobNeverFinished e) {
                stopped = (e instanceof JobNeverFinished
                                ? e.getMessage()
                                : "the server stopped answering ("
                                        + e.getClass().getSimpleName() + ")")
                        + (Files.readString(data.resolve("server.log")).contains("OutOfMemoryError")
                                ? "; its log has an OutOfMemoryError"
                                : "");
            }
            String nmt = stopped == null ? nativeMemory(server.pid()) : "  (not read: " + stopped + ")\n";
            return new Figures(
                    idle, Math.max(peak.get(), ProcessMemory.peakRss(server.pid())), limited, jobs, nmt, stopped);
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            sampler.interrupt();
        }
    }

    private static void awaitReady(URI base, Process server, Path data) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server died:\n" + Files.readString(data.resolve("server.log")));
            }
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(base.resolve("/log/checkpoint"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server did not start");
    }

    private static void publish(URI base, String token, PrivateKey owner, PackageName pkg, byte[] bytes)
            throws Exception {
        Digest content = Digest.sha256(bytes);
        send(base, token, "/v1/blobs/" + content, "PUT", bytes, "Content-Type", "application/wasm");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SignedRecord record = SignedRecord.sign(
                new PackageRecord(
                        pkg,
                        null,
                        now,
                        List.of(
                                new Entry.Init(owner.publicKey()),
                                new Entry.Release(Version.parse("1.0.0"), content, bytes.length))),
                owner);
        send(
                base,
                token,
                "/v1/packages/" + pkg + "/records",
                "POST",
                record.envelope().toJson());
    }

    private static JsonNode send(URI base, String token, String path, String method, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equals("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length == 0 ? null : JSON.readTree(response.body());
    }

    /** {@code jcmd PID VM.native_memory summary}: the committed total and the largest categories. */
    private static String nativeMemory(long pid) throws Exception {
        String out = ProcessMemory.jcmd(pid, "VM.native_memory", "summary");
        StringBuilder summary = new StringBuilder();
        for (String line : out.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Total:") || trimmed.matches("^-\\s+[A-Za-z ]+\\(reserved=.*")) {
                summary.append("  ").append(trimmed).append('\n');
            }
        }
        return summary.toString();
    }

    /** A composition job still not finished two minutes after it was submitted. */
    private static final class JobNeverFinished extends Exception {
        JobNeverFinished(String id) {
            super("composition " + id + " was still not finished after 2 minutes");
        }
    }

    // ---- hostile components ---------------------------------------------------------------

    /** {@code loop br 0 end; i32.const 0}. */
    private static final byte[] LOOP = {0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00};

    /** {@code loop (memory.grow 16) != -1 br_if 0 end; i32.const 0}: grows 1 MiB at a time until refused. */
    private static final byte[] GROW = {
        0x03, 0x40, 0x41, 0x10, 0x40, 0x00, 0x41, 0x7f, 0x47, 0x0d, 0x00, 0x0b, 0x41, 0x00
    };

    /** A command component whose {@code wasi:cli/run#run} runs {@code body} (an {@code () -> i32} core function). */
    private static byte[] command(byte[] body, boolean memory) {
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(module, 1, new byte[] {0x01, 0x60, 0x00, 0x01, 0x7f});
        section(module, 3, new byte[] {0x01, 0x00});
        if (memory) {
            section(module, 5, new byte[] {0x01, 0x00, 0x01});
        }
        section(module, 7, concat(new byte[] {0x01}, name("run"), new byte[] {0x00, 0x00}));
        byte[] function = concat(new byte[] {0x00}, body, new byte[] {0x0b});
        section(module, 10, concat(new byte[] {0x01, (byte) function.length}, function));
        ByteArrayOutputStream component = new ByteArrayOutputStream();
        component.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
        section(component, 1, module.toByteArray());
        section(component, 2, new byte[] {0x01, 0x00, 0x00, 0x00});
        section(component, 7, new byte[] {0x02, 0x6a, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00});
        section(component, 6, concat(new byte[] {0x01, 0x00, 0x00, 0x01, 0x00}, name("run")));
        section(component, 8, new byte[] {0x01, 0x00, 0x00, 0x00, 0x00, 0x01});
        section(component, 5, concat(new byte[] {0x01, 0x01, 0x01, 0x00}, name("run"), new byte[] {0x01, 0x00}));
        section(component, 11, concat(new byte[] {0x01, 0x00}, name("wasi:cli/run@0.2.3"), new byte[] {0x05, 0x00, 0x00
        }));
        return component.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.write(content.length); // every section here is shorter than 128 bytes
        out.writeBytes(content);
    }

    private static byte[] name(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) utf8.length}, utf8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
