package dev.wreg.bench;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The latency a checkpoint adds to a publish, against a running registry. A publish answers only
 * once its entry is under a signed checkpoint, so each client times two requests per round:
 *
 * <ol>
 *   <li>a new record (an {@code init} of a fresh package: no blob, so the request is the record
 *       alone) — sequencing, tiles, signing the checkpoint and the proof are inside it;
 *   <li>the very same envelope again, which the registry answers idempotently with its existing
 *       log position — the same parsing, signature checks, lookups and proof building, but nothing
 *       to integrate or sign.
 * </ol>
 *
 * The difference of the two distributions is what integrating and signing add (an upper bound: the
 * new record also writes its rows). Prints p50/p99 of both and of the difference.
 *
 * <p>Usage: {@code java -cp wreg-benchmarks.jar dev.wreg.bench.LogLatency URL TOKEN [clients]
 * [publishes-per-client]}
 */
public final class LogLatency {

    private final BenchRegistry registry;

    private LogLatency(BenchRegistry registry) {
        this.registry = registry;
    }

    public static void main(String[] args) throws Exception {
        BenchRegistry registry = BenchRegistry.fromArgs(args, "LogLatency URL TOKEN [clients] [publishes-per-client]");
        new LogLatency(registry).run(BenchRegistry.intArg(args, 2, 1), BenchRegistry.intArg(args, 3, 200));
    }

    private void run(int clients, int count) throws Exception {
        PrivateKey key = PrivateKey.generateEd25519();
        String namespace = registry.claimFreshNamespace("lat", key);
        // Warm-up: the server's code paths and the JIT, not measured.
        round(namespace, "warm", key, Math.min(count, 30));

        List<long[][]> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[][]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String prefix = "c" + letters(c);
                futures.add(pool.submit(() -> round(namespace, prefix, key, count)));
            }
            for (Future<long[][]> f : futures) {
                results.add(f.get());
            }
        }
        long[] publish = merge(results, 0);
        long[] replay = merge(results, 1);
        System.out.printf(
                "log latency: %d client(s), %d publishes: publish p50 %.2f ms p99 %.2f ms; idempotent replay"
                        + " p50 %.2f ms p99 %.2f ms; checkpoint adds p50 %.2f ms p99 %.2f ms%n",
                clients,
                publish.length,
                ms(BenchRegistry.percentile(publish, 0.50)),
                ms(BenchRegistry.percentile(publish, 0.99)),
                ms(BenchRegistry.percentile(replay, 0.50)),
                ms(BenchRegistry.percentile(replay, 0.99)),
                ms(BenchRegistry.percentile(publish, 0.50) - BenchRegistry.percentile(replay, 0.50)),
                ms(BenchRegistry.percentile(publish, 0.99) - BenchRegistry.percentile(replay, 0.99)));
    }

    private long[][] round(String namespace, String prefix, PrivateKey key, int count) throws Exception {
        long[] publish = new long[count];
        long[] replay = new long[count];
        for (int i = 0; i < count; i++) {
            PackageName pkg = PackageName.parse(namespace + ":" + prefix + "-" + letters(i));
            PackageRecord record = new PackageRecord(
                    pkg, null, Instant.now().truncatedTo(ChronoUnit.SECONDS), List.of(new Entry.Init(key.publicKey())));
            byte[] envelope = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, record.toPayload(), key)
                    .toJson();
            String path = "/v1/packages/" + pkg + "/records";
            long t0 = System.nanoTime();
            registry.postJson(path, envelope, 201);
            long t1 = System.nanoTime();
            registry.postJson(path, envelope, 200);
            long t2 = System.nanoTime();
            publish[i] = t1 - t0;
            replay[i] = t2 - t1;
        }
        return new long[][] {publish, replay};
    }

    /** 0 → a, 25 → z, 26 → ab: package-name words must not start with a digit. */
    private static String letters(int n) {
        StringBuilder out = new StringBuilder();
        do {
            out.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return out.toString();
    }

    private static long[] merge(List<long[][]> results, int which) {
        return results.stream()
                .flatMapToLong(r -> Arrays.stream(r[which]))
                .sorted()
                .toArray();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
