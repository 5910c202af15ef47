package dev.wreg.bench;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.version.Version;
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

/**
 * Signed publishes per second against a running registry: N concurrent clients, each publishing
 * releases of its own package (upload the blob, sign the next record, submit it) for a fixed
 * time. Every publish is a real signed release going through the whole server pipeline.
 *
 * <p>Usage: {@code java -cp wreg-benchmarks.jar dev.wreg.bench.PublishLoad URL TOKEN [clients]
 * [seconds]}
 */
public final class PublishLoad {

    private final BenchRegistry registry;

    private PublishLoad(BenchRegistry registry) {
        this.registry = registry;
    }

    public static void main(String[] args) throws Exception {
        BenchRegistry registry = BenchRegistry.fromArgs(args, "PublishLoad URL TOKEN [clients] [seconds]");
        new PublishLoad(registry).run(BenchRegistry.intArg(args, 2, 8), BenchRegistry.intArg(args, 3, 20));
    }

    private void run(int clients, int seconds) throws Exception {
        PrivateKey key = PrivateKey.generateEd25519();
        String namespace = registry.claimFreshNamespace("bench", key);

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
                BenchRegistry.percentile(merged, 0.50) / 1e6,
                BenchRegistry.percentile(merged, 0.99) / 1e6);
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
            registry.put("/v1/blobs/" + digest, "application/wasm", component);
            Version version = Version.parse("1.0." + nextPatch++);
            submit(List.of(new Entry.Release(version, digest, component.length)));
        }

        private void submit(List<Entry> entries) throws Exception {
            // Record times are whole seconds in RFC 3339; keep them monotonic per package.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            lastTime = now.isBefore(lastTime) ? lastTime : now;
            PackageRecord record = new PackageRecord(pkg, head, lastTime, entries);
            byte[] payload = record.toPayload();
            Envelope envelope = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, payload, key);
            registry.postJson("/v1/packages/" + pkg + "/records", envelope.toJson(), 201);
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
