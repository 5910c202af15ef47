package dev.wreg.bench;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.record.NamespaceClaim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running registry as the load benchmarks drive it: requests with the operator's bearer token,
 * a namespace claimed by a key of the benchmark's own, and the one way they read latency
 * percentiles. Every answer other than the expected status fails the run with the server's body.
 */
final class BenchRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Duration timeout;

    BenchRegistry(URI base, String token) {
        this(base, token, null);
    }

    /** @param timeout how long a request may take before it fails; null: no limit */
    private BenchRegistry(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    /**
     * The same registry whose requests fail after {@code timeout}, as a real client gives up (an
     * open-loop load would otherwise wait on an overloaded server without end).
     */
    BenchRegistry withTimeout(Duration timeout) {
        return new BenchRegistry(base, token, timeout);
    }

    /**
     * The registry the command line names ({@code URL TOKEN ...}); prints {@code usage} and exits
     * with status 2 when either is missing.
     */
    static BenchRegistry fromArgs(String[] args, String usage) {
        if (args.length < 2) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        return new BenchRegistry(URI.create(args[0]), args[1]);
    }

    /** The whole number at {@code args[index]}, or {@code fallback} when the argument is absent. */
    static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    /** POSTs a JSON body to {@code path} and fails unless the answer has status {@code expected}. */
    void postJson(String path, byte[] body, int expected) throws Exception {
        send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                expected);
    }

    /** PUTs bytes to {@code path} and fails on any status of 300 or above. */
    void put(String path, String contentType, byte[] body) throws Exception {
        send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", contentType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
                0);
    }

    /**
     * Claims a namespace no earlier run has used ({@code prefix} and letters from the clock, its
     * digits dropped so that the name stays one word of letters) with {@code owner} as its only
     * owner, and returns it.
     */
    String claimFreshNamespace(String prefix, PrivateKey owner) throws Exception {
        String namespace =
                prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36).replaceAll("[0-9]", "");
        claimNamespace(namespace, owner);
        return namespace;
    }

    /** Claims {@code namespace} with {@code owner} as its only owner, signed by that owner. */
    void claimNamespace(String namespace, PrivateKey owner) throws Exception {
        // The owner signs the claim: the registry accepts owner keys only with their signatures.
        String signature = new NamespaceClaim(namespace, List.of(owner.publicKey())).sign(owner);
        ObjectNode claim = JSON.createObjectNode().put("namespace", namespace);
        claim.set("owners", JSON.createArrayNode().add(owner.publicKey().text()));
        claim.set("signatures", JSON.createArrayNode().add(signature));
        postJson("/v1/namespaces", JSON.writeValueAsBytes(claim), 201);
    }

    /** Sends with the token; {@code expected} 0 accepts any status below 300. */
    private void send(HttpRequest.Builder request, int expected) throws Exception {
        if (timeout != null) {
            request.timeout(timeout);
        }
        HttpResponse<byte[]> response = http.send(
                request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (expected == 0 ? status >= 300 : status != expected) {
            throw new IllegalStateException(
                    response.request().method() + " " + response.request().uri() + " -> " + status + " "
                            + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** The {@code p} quantile (0..1) of sorted latencies by the nearest-rank method; 0 for none. */
    static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
