package dev.wreg.bench;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A soak of a running registry (issue 15 §3): signed publishes, anonymous reads (API, blob, log,
 * web pages, search) and compositions at fixed rates for a number of minutes, every one checked.
 * Each kind has a bounded number of clients (4 publishers, 32 readers, 2 composers): a tick that
 * finds them all busy is skipped and counted, so the achieved rates say what the machine kept up
 * with. Each minute it samples the server's resident memory and its live heap (the heap in use right
 * after a full collection asked for with {@code jcmd PID GC.run}, so that garbage not yet collected
 * does not count). At the end it prints the samples, the errors (every answer that is not the
 * expected one, with the first few), and the growth of RSS and live heap from the end of the first
 * fifth of the run (warm-up: caches and JIT fill) to the end.
 *
 * <p>Open loop ({@code open} as the last argument): clients that keep sending at the rates whatever
 * the latency, as many at once as that takes, so that the server, not the client, decides how much
 * work it holds (issue 15 §4: a server driven past what it can commit must shed load, not pile it
 * up). No tick is skipped: a publish tick that finds every package's client busy starts a new
 * package (a package whose last answer leaves its head unknown is left), and each request gives up
 * after a minute as a real client would (at most 8,000 wait at
 * once, for this process's open files; a tick past that is skipped and counted). A 503 with {@code
 * Retry-After} is then a correct answer (counted as shed, not as an error); the end prints the
 * answers by kind and the server's largest heap users ({@code jcmd GC.class_histogram}).
 *
 * <p>Usage: {@code java -cp wreg-benchmarks.jar dev.wreg.bench.SoakLoad URL TOKEN SERVER_PID
 * COMPONENT [minutes] [publishes/s] [reads/s] [compositions/min] [open]}; COMPONENT is a command
 * component (examples/hello/hello.wasm) that the compositions run.
 */
public final class SoakLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern STATUS = Pattern.compile("-> (\\d{3}) ");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    /** How long an open-loop request waits for its answer before its client gives up. */
    private static final Duration OPEN_LOOP_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Most open-loop requests waiting at once: one socket each, and this process may open 20,000
     * files on a typical box (it must still start jcmd); far more than a server should hold. A
     * tick past it is skipped and counted as such.
     */
    private static final int OPEN_LOOP_MAX_IN_FLIGHT = 8_000;

    private static final int PUBLISHERS = 4;
    /** Reads in flight at most, as wrk's 32 connections: a tick that finds them all busy is skipped. */
    private static final int READERS = 32;
    /** Compositions in flight at most. */
    private static final int COMPOSERS = 2;

    private record Sample(
            int minute, long rssBytes, long liveHeapBytes, long publishes, long reads, long compositions) {}

    private final URI base;
    private final long serverPid;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong compositions = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** Open loop: 503 answers with Retry-After, the server shedding load as it should. */
    private final AtomicLong shed = new AtomicLong();

    private final AtomicLong inFlight = new AtomicLong();
    private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
    /** Every answer that was not the expected one, by request kind, status and problem code. */
    private final Map<String, AtomicLong> unexpected = new ConcurrentSkipListMap<>();

    private final boolean openLoop;

    private SoakLoad(URI base, long serverPid, boolean openLoop) {
        this.base = base;
        this.serverPid = serverPid;
        this.openLoop = openLoop;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SoakLoad URL TOKEN SERVER_PID COMPONENT [minutes] [publishes/s] [reads/s]"
                    + " [compositions/min] [open]");
            System.exit(2);
        }
        boolean openLoop = args.length > 8 && args[8].equals("open");
        BenchRegistry registry = new BenchRegistry(URI.create(args[0]), args[1]);
        SoakLoad soak = new SoakLoad(URI.create(args[0]), Long.parseLong(args[2]), openLoop);
        byte[] component = Files.readAllBytes(Path.of(args[3]));
        int minutes = BenchRegistry.intArg(args, 4, 30);
        int publishesPerSecond = BenchRegistry.intArg(args, 5, 25);
        int readsPerSecond = BenchRegistry.intArg(args, 6, 1000);
        int compositionsPerMinute = BenchRegistry.intArg(args, 7, 6);
        soak.run(registry, args[1], component, minutes, publishesPerSecond, readsPerSecond, compositionsPerMinute);
    }

    private void run(
            BenchRegistry registry,
            String token,
            byte[] component,
            int minutes,
            int publishesPerSecond,
            int readsPerSecond,
            int compositionsPerMinute)
            throws Exception {
        PrivateKey key = PrivateKey.generateEd25519();
        String namespace = registry.claimFreshNamespace("soak", key);
        PackagePublisher hello = new PackagePublisher(registry, new PackageName(namespace, "hello"), key);
        hello.init();
        Digest helloDigest = hello.publish(component);
        List<PackagePublisher> publishers = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            PackagePublisher p =
                    new PackagePublisher(registry, new PackageName(namespace, "pkg-" + (char) ('a' + i)), key);
            p.init();
            publishers.add(p);
        }
        List<String> readPaths = List.of(
                "/v1/packages/" + namespace + ":hello",
                "/v1/blobs/" + helloDigest,
                "/log/checkpoint",
                "/packages/" + namespace + "/hello",
                "/search?q=hello",
                "/v1/packages/" + namespace + ":pkg-a",
                "/");
        String plan = "package soak:app;\nlet h = new " + namespace + ":hello { ... };\nexport h...;\n";
        byte[] compositionRequest = JSON.writeValueAsBytes(Map.of("plan", plan, "invoke", List.of("run()")));

        System.out.printf(
                Locale.ROOT,
                "soak: %d min; %d publishes/s over %s packages, %d reads/s, %d compositions/min%s; server pid %d%n",
                minutes,
                publishesPerSecond,
                openLoop ? "as many" : Integer.toString(PUBLISHERS),
                readsPerSecond,
                compositionsPerMinute,
                openLoop
                        ? ", open loop (no tick skipped, requests give up after " + OPEN_LOOP_TIMEOUT.toSeconds()
                                + " s)"
                        : "",
                serverPid);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        if (openLoop) {
            startOpenLoopPublishes(
                    clock, workers, registry.withTimeout(OPEN_LOOP_TIMEOUT), namespace, key, publishesPerSecond);
        }
        // A fixed arrival rate, each kind with a bounded number of clients: a tick that finds every
        // client of its kind still busy is skipped (and counted), so a slower machine runs below the
        // rates instead of piling up requests without end. Each package's chain is written by one
        // client (its records link).
        for (int i = 0; i < (openLoop ? 0 : PUBLISHERS); i++) {
            PackagePublisher publisher = publishers.get(i);
            Semaphore free = new Semaphore(1);
            long periodMicros = 1_000_000L * PUBLISHERS / Math.max(1, publishesPerSecond);
            clock.scheduleAtFixedRate(
                    () -> tick(workers, free, () -> {
                        check("publish", () -> {
                            publisher.publishNext();
                            publishes.incrementAndGet();
                        });
                    }),
                    i * periodMicros / PUBLISHERS,
                    periodMicros,
                    TimeUnit.MICROSECONDS);
        }
        AtomicLong readIndex = new AtomicLong();
        Semaphore readers = new Semaphore(READERS);
        clock.scheduleAtFixedRate(
                () -> tick(workers, readers, () -> {
                    String path = readPaths.get((int) (readIndex.getAndIncrement() % readPaths.size()));
                    check("GET", () -> {
                        expect(get(path), 200, "GET " + path);
                        reads.incrementAndGet();
                    });
                }),
                0,
                1_000_000L / Math.max(1, readsPerSecond),
                TimeUnit.MICROSECONDS);
        if (compositionsPerMinute > 0) {
            Semaphore composers = new Semaphore(COMPOSERS);
            clock.scheduleAtFixedRate(
                    () -> tick(workers, composers, () -> {
                        check("composition", () -> {
                            compose(token, compositionRequest);
                            compositions.incrementAndGet();
                        });
                    }),
                    0,
                    60_000_000L / compositionsPerMinute,
                    TimeUnit.MICROSECONDS);
        }

        List<Sample> samples = new ArrayList<>();
        samples.add(sample(0));
        for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(60_000);
            samples.add(sample(minute));
            Sample s = samples.getLast();
            System.out.printf(
                    Locale.ROOT,
                    "  minute %3d: RSS %5d MiB, live heap %5d MiB; %d publishes, %d reads, %d compositions, %d ticks"
                            + " skipped (clients busy), %d errors%s%n",
                    minute,
                    s.rssBytes() >> 20,
                    s.liveHeapBytes() >> 20,
                    s.publishes(),
                    s.reads(),
                    s.compositions(),
                    skipped.get(),
                    errors.get(),
                    openLoop ? ", " + shed.get() + " shed (503), " + inFlight.get() + " requests in flight" : "");
        }
        String histogram = openLoop ? ProcessMemory.jcmd(serverPid, "GC.class_histogram") : "";
        clock.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(2, TimeUnit.MINUTES);

        Sample warm = samples.get(Math.max(1, minutes / 5));
        Sample last = samples.getLast();
        double seconds = minutes * 60.0;
        System.out.printf(
                Locale.ROOT,
                "soak: %d min, %.1f publishes/s, %.1f reads/s, %.2f compositions/min (%d ticks skipped); %d errors;"
                        + " RSS %d -> %d MiB, live heap %d -> %d MiB (minute %d to %d)%n",
                minutes,
                last.publishes() / seconds,
                last.reads() / seconds,
                last.compositions() / (double) minutes,
                skipped.get(),
                errors.get(),
                warm.rssBytes() >> 20,
                last.rssBytes() >> 20,
                warm.liveHeapBytes() >> 20,
                last.liveHeapBytes() >> 20,
                warm.minute(),
                last.minute());
        for (String error : firstErrors) {
            System.out.println("  error: " + error);
        }
        if (openLoop) {
            System.out.printf(
                    Locale.ROOT,
                    "open loop: %d answers shed with 503 and Retry-After; unexpected answers by kind: %s%n",
                    shed.get(),
                    unexpected);
            System.out.println("server heap at the last sample, largest classes (jcmd GC.class_histogram):");
            histogram.lines().skip(1).limit(13).forEach(line -> System.out.println("  " + line.strip()));
            long largestHeap =
                    samples.stream().mapToLong(Sample::liveHeapBytes).max().orElse(0);
            System.out.printf(
                    Locale.ROOT, "figure|open-loop overload errors (%d min)|%d|-|count|0%n", minutes, errors.get());
            System.out.printf(
                    Locale.ROOT,
                    "figure|open-loop overload publishes answered 201|%.1f|-|/s|-%n",
                    last.publishes() / seconds);
            System.out.printf(
                    Locale.ROOT, "figure|open-loop overload live heap, largest sample|%d|-|MiB|-%n", largestHeap >> 20);
            System.exit(errors.get() == 0 ? 0 : 1);
        }
        System.out.printf(Locale.ROOT, "figure|soak errors (%d min)|%d|-|count|0%n", minutes, errors.get());
        System.out.printf(
                Locale.ROOT,
                "figure|soak RSS growth after warm-up|%d|-|MiB|-%n",
                (last.rssBytes() - warm.rssBytes()) >> 20);
        System.out.printf(
                Locale.ROOT,
                "figure|soak live heap growth after warm-up|%d|-|MiB|-%n",
                (last.liveHeapBytes() - warm.liveHeapBytes()) >> 20);
        System.exit(errors.get() == 0 ? 0 : 1);
    }

    /** One package's client in the open loop, and whether its init record is in yet. */
    private static final class OpenPublisher {
        final PackagePublisher publisher;
        boolean initialized;

        OpenPublisher(PackagePublisher publisher) {
            this.publisher = publisher;
        }
    }

    /**
     * Open-loop publishes: every tick runs, on a package client that is free or else on a new
     * package (its init record first). A client whose publish was shed (nothing stored) goes back
     * to the free ones; one whose answer is unknown (a timeout, a 500) is dropped, since its
     * chain's head is then unknown too.
     */
    private void startOpenLoopPublishes(
            ScheduledExecutorService clock,
            ExecutorService workers,
            BenchRegistry registry,
            String namespace,
            PrivateKey key,
            int publishesPerSecond) {
        ConcurrentLinkedQueue<OpenPublisher> free = new ConcurrentLinkedQueue<>();
        AtomicLong packages = new AtomicLong();
        clock.scheduleAtFixedRate(
                () -> {
                    if (inFlight.get() >= OPEN_LOOP_MAX_IN_FLIGHT) {
                        skipped.incrementAndGet();
                        return;
                    }
                    OpenPublisher client = free.poll();
                    OpenPublisher taken = client != null
                            ? client
                            : new OpenPublisher(new PackagePublisher(
                                    registry,
                                    new PackageName(namespace, "open-" + letters(packages.incrementAndGet())),
                                    key));
                    inFlight.incrementAndGet();
                    workers.submit(() -> {
                        try {
                            boolean keep = check("publish", () -> {
                                if (!taken.initialized) {
                                    taken.publisher.init();
                                    taken.initialized = true;
                                }
                                taken.publisher.publishNext();
                                publishes.incrementAndGet();
                            });
                            if (keep) {
                                free.add(taken);
                            }
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    });
                },
                0,
                1_000_000L / Math.max(1, publishesPerSecond),
                TimeUnit.MICROSECONDS);
    }

    /** {@code n} in letters (a package name's labels hold no digits here): 1 is b, 26 is ba. */
    private static String letters(long n) {
        StringBuilder out = new StringBuilder();
        do {
            out.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return out.reverse().toString();
    }

    /**
     * Runs {@code work} on a virtual thread if one of {@code clients} is free; otherwise counts a
     * skip. In the open loop it always runs.
     */
    private void tick(ExecutorService workers, Semaphore clients, Runnable work) {
        if (openLoop) {
            if (inFlight.get() >= OPEN_LOOP_MAX_IN_FLIGHT) {
                skipped.incrementAndGet();
                return;
            }
            inFlight.incrementAndGet();
            workers.submit(() -> {
                try {
                    work.run();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            return;
        }
        if (!clients.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        workers.submit(() -> {
            try {
                work.run();
            } finally {
                clients.release();
            }
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step}, counting an unexpected answer as an error (or, in the open loop, a 503 as
     * shed); true when it succeeded or was shed as {@code overloaded} (refused before anything was
     * read, so nothing was stored), false otherwise: after any other 503 (a publish answered
     * {@code database-unavailable} may have committed before its proof could be read) its outcome is
     * unknown.
     */
    private boolean check(String what, Step step) {
        try {
            step.run();
            return true;
        } catch (Exception | AssertionError e) {
            String message = String.valueOf(e.getMessage());
            Matcher status = STATUS.matcher(message);
            Matcher code = CODE.matcher(message);
            String kind = what + " "
                    + (status.find() ? status.group(1) : e.getClass().getSimpleName())
                    + (code.find() ? " " + code.group(1) : "");
            unexpected.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            if (openLoop && kind.startsWith(what + " 503")) {
                shed.incrementAndGet();
                return kind.equals(what + " 503 overloaded");
            }
            errors.incrementAndGet();
            if (firstErrors.size() < 10) {
                firstErrors.add(what + ": " + message);
            }
            return false;
        }
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void expect(HttpResponse<byte[]> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(
                    what + " -> " + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** Submits the composition to run in the background and polls it until it has succeeded. */
    private void compose(String token, byte[] request) throws Exception {
        HttpResponse<byte[]> accepted = http.send(
                HttpRequest.newBuilder(base.resolve("/v1/compositions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Prefer", "respond-async")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (accepted.statusCode() == 201) {
            // The same plan over the same inputs was composed before: the answer is that result.
            String status = JSON.readTree(accepted.body()).path("status").asString();
            if (!status.equals("succeeded")) {
                throw new AssertionError("POST /v1/compositions -> 201 with status " + status);
            }
            return;
        }
        expect(accepted, 202, "POST /v1/compositions");
        String id = JSON.readTree(accepted.body()).path("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            HttpResponse<byte[]> view = get("/v1/compositions/" + id);
            expect(view, 200, "GET /v1/compositions/" + id);
            JsonNode job = JSON.readTree(view.body());
            switch (job.path("status").asString()) {
                case "succeeded" -> {
                    return;
                }
                case "failed" -> throw new AssertionError("composition " + id + " failed: " + job.path("error"));
                default -> {
                    // queued or running
                }
            }
        }
        throw new AssertionError("composition " + id + " did not finish within 2 minutes");
    }

    private Sample sample(int minute) throws Exception {
        return new Sample(
                minute, ProcessMemory.rss(serverPid), liveHeap(), publishes.get(), reads.get(), compositions.get());
    }

    /** The heap in use right after a full collection. */
    private long liveHeap() throws Exception {
        ProcessMemory.jcmd(serverPid, "GC.run");
        Matcher used = HEAP_USED.matcher(ProcessMemory.jcmd(serverPid, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said no heap use");
        }
        return Long.parseLong(used.group(1)) << 10;
    }
}
