package dev.wreg.bench;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.NamespaceClaim;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.version.Version;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Signed publishes per second against a running registry: N concurrent clients, each publishing
 * releases of its own package (upload the blob, sign the next record, submit it) for a fixed
 * time. Every publish is a real signed release going through the whole server pipeline.
 *
 * <p>Usage: {@code java -cp wreg-benchmarks.jar dev.wreg.bench.PublishLoad URL TOKEN [clients]
 * [seconds]}
 */
public final class PublishLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD_TYPE = "application/vnd.wreg.record.v1+json";

    private final URI registry;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private PublishLoad(URI registry, String token) {
        this.registry = registry;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PublishLoad URL TOKEN [clients] [seconds]");
            System.exit(2);
        }
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        new PublishLoad(URI.create(args[0]), args[1]).run(clients, seconds);
    }

    private void run(int clients, int seconds) throws Exception {
        PrivateKey key = PrivateKey.generateEd25519();
        String namespace =
                "bench" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).replaceAll("[0-9]", "");
        claimNamespace(namespace, key);

        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(new Client(PackageName.parse(namespace + ":pkg-" + (char) ('a' + i)), key));
        }
        for (Client c : all) {
            c.init();
        }
        // Warm up the server's code paths before measuring.
        long warmUntil =
                System.nanoTime() + Duration.ofSeconds(Math.min(5, seconds)).toNanos();
        drive(all, warmUntil);

        long start = System.nanoTime();
        long until = start + Duration.ofSeconds(seconds).toNanos();
        List<long[]> latencies = drive(all, until);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] merged =
                latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(
                "publish: %d clients, %d signed publishes in %.1f s = %.1f publishes/s, p50 %.1f ms, p99 %.1f ms%n",
                clients,
                merged.length,
                elapsed,
                merged.length / elapsed,
                percentile(merged, 0.50) / 1e6,
                percentile(merged, 0.99) / 1e6);
    }

    private List<long[]> drive(List<Client> clients, long until) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients.size())) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (Client c : clients) {
                futures.add(pool.submit(() -> c.publishUntil(until)));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private void claimNamespace(String namespace, PrivateKey key) throws Exception {
        // The owner signs the claim: the registry accepts owner keys only with their signatures.
        String signature = new NamespaceClaim(namespace, java.util.List.of(key.publicKey())).sign(key);
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .put("namespace", namespace)
                .<tools.jackson.databind.node.ObjectNode>set(
                        "owners", JSON.createArrayNode().add(key.publicKey().text()))
                .set("signatures", JSON.createArrayNode().add(signature)));
        send(HttpRequest.newBuilder(registry.resolve("/v1/namespaces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = http.send(
                request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    response.request().method() + " " + response.request().uri() + " -> " + response.statusCode() + " "
                            + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length == 0 ? null : JSON.readTree(response.body());
    }

    private final class Client {
        private final PackageName pkg;
        private final PrivateKey key;
        private Digest head;
        private Instant lastTime = Instant.EPOCH;
        private int nextPatch;

        Client(PackageName pkg, PrivateKey key) {
            this.pkg = pkg;
            this.key = key;
        }

        void init() throws Exception {
            submit(List.of(new Entry.Init(key.publicKey())));
        }

        long[] publishUntil(long until) throws Exception {
            long[] latencies = new long[1024];
            int n = 0;
            while (System.nanoTime() < until) {
                long t0 = System.nanoTime();
                publishOne();
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = System.nanoTime() - t0;
            }
            return Arrays.copyOf(latencies, n);
        }

        private void publishOne() throws Exception {
            byte[] component = syntheticComponent();
            Digest digest = Digest.sha256(component);
            send(HttpRequest.newBuilder(registry.resolve("/v1/blobs/" + digest))
                    .header("Content-Type", "application/wasm")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(component)));
            Version version = Version.parse("1.0." + nextPatch++);
            submit(List.of(new Entry.Release(version, digest, component.length)));
        }

        private void submit(List<Entry> entries) throws Exception {
            // Record times are whole seconds in RFC 3339; keep them monotonic per package.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            lastTime = now.isBefore(lastTime) ? lastTime : now;
            PackageRecord record = new PackageRecord(pkg, head, lastTime, entries);
            byte[] payload = record.toPayload();
            Envelope envelope = Envelope.sign(RECORD_TYPE, payload, key);
            send(HttpRequest.newBuilder(registry.resolve("/v1/packages/" + pkg + "/records"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.toJson())));
            head = Digest.sha256(payload);
        }

        /** A small, distinct, real component: the preamble of an empty component plus a custom section. */
        private static byte[] syntheticComponent() {
            byte[] noise = new byte[64];
            ThreadLocalRandom.current().nextBytes(noise);
            byte[] name = "bench".getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[8 + 2 + 1 + name.length + noise.length];
            byte[] preamble = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
            System.arraycopy(preamble, 0, out, 0, 8);
            out[8] = 0x00; // custom section
            out[9] = (byte) (1 + name.length + noise.length); // < 128: one LEB128 byte
            out[10] = (byte) name.length;
            System.arraycopy(name, 0, out, 11, name.length);
            System.arraycopy(noise, 0, out, 11 + name.length, noise.length);
            return out;
        }
    }
}
