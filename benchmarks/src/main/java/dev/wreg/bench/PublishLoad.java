package dev.wreg.bench;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.name.PackageName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Signed publishes per second against a running registry: N concurrent clients, each publishing
 * releases of its own package (upload the blob, sign the next record, submit it) for a fixed
 * time, after a warm-up of the same load. Every publish is a real signed release going through the
 * whole server pipeline.
 *
 * <p>The warm-up is long (60 s unless told) because the publish path is most of the server's code:
 * 25 to 40 s into a run on two cores, the JIT was still compiling about 130 methods a second (1,909
 * compilations and 16.5 s of compiler time in 15 s, by {@code jstat -compiler}) and its threads
 * took a third of the CPU, so a short warm-up measured the compilers, not the steady state. The
 * warm-up's own rate is printed too.
 *
 * <p>Usage: {@code java -cp wreg-benchmarks.jar dev.wreg.bench.PublishLoad URL TOKEN [clients]
 * [seconds] [warm-up seconds]}
 */
public final class PublishLoad {

    private final BenchRegistry registry;

    private PublishLoad(BenchRegistry registry) {
        this.registry = registry;
    }

    public static void main(String[] args) throws Exception {
        BenchRegistry registry =
                BenchRegistry.fromArgs(args, "PublishLoad URL TOKEN [clients] [seconds] [warm-up seconds]");
        new PublishLoad(registry)
                .run(
                        BenchRegistry.intArg(args, 2, 8),
                        BenchRegistry.intArg(args, 3, 20),
                        BenchRegistry.intArg(args, 4, 60));
    }

    private void run(int clients, int seconds, int warmUpSeconds) throws Exception {
        PrivateKey key = PrivateKey.generateEd25519();
        String namespace = registry.claimFreshNamespace("bench", key);

        List<PackagePublisher> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(new PackagePublisher(registry, PackageName.parse(namespace + ":pkg-" + (char) ('a' + i)), key));
        }
        for (PackagePublisher c : all) {
            c.init();
        }
        // Warm up the server's code paths (and its JIT) before measuring.
        long warmStart = System.nanoTime();
        long warmed = drive(all, warmStart + Duration.ofSeconds(warmUpSeconds).toNanos()).stream()
                .mapToLong(l -> l.length)
                .sum();
        double warmElapsed = (System.nanoTime() - warmStart) / 1e9;
        System.out.printf(
                "publish warm-up: %d clients, %d signed publishes in %.1f s = %.1f publishes/s%n",
                clients, warmed, warmElapsed, warmed / warmElapsed);

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

    private List<long[]> drive(List<PackagePublisher> clients, long until) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients.size())) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (PackagePublisher c : clients) {
                futures.add(pool.submit(() -> publishUntil(c, until)));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    private static long[] publishUntil(PackagePublisher publisher, long until) throws Exception {
        long[] latencies = new long[1024];
        int n = 0;
        while (System.nanoTime() < until) {
            long t0 = System.nanoTime();
            publisher.publishNext();
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = System.nanoTime() - t0;
        }
        return Arrays.copyOf(latencies, n);
    }
}
