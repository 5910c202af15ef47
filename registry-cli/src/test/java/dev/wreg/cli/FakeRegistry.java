package dev.wreg.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.record.OperatorEntry;
import dev.wreg.protocol.record.OperatorRecord;
import dev.wreg.protocol.record.SignedOperatorRecord;
import dev.wreg.protocol.record.SignedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-test registry speaking the REST API of CONTRACT.md with just enough behaviour for the
 * CLI: it stores what it is sent without checking, so tests can make it serve tampered records,
 * wrong bytes or problem answers and watch the CLI refuse them.
 */
final class FakeRegistry implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final PrivateKey operatorKey = PrivateKey.generateEd25519();
    final List<Envelope> operatorLog = new CopyOnWriteArrayList<>();
    final Map<String, List<Envelope>> packageLogs = new ConcurrentHashMap<>();
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** The same requests with their query strings. */
    final List<String> requestsWithQuery = new CopyOnWriteArrayList<>();
    /** Bytes served in place of a stored blob, to test digest checks. */
    volatile UnaryOperator<byte[]> blobTamper = UnaryOperator.identity();
    /** When set, every request whose "METHOD path" starts with the prefix gets this problem. */
    volatile Failure failure;

    /** The transparency log: every accepted record's envelope, in order. */
    final FakeLog log = new FakeLog(Ed25519NoteSigner.generate("fake.test/log"));
    /** Log index of each record id. */
    final Map<String, Long> logIndices = new ConcurrentHashMap<>();
    /** What {@code GET /log/checkpoint} serves instead of the log's latest signed checkpoint. */
    volatile UnaryOperator<byte[]> checkpointTamper = UnaryOperator.identity();
    /** What tile and bundle paths serve instead of the stored bytes. */
    volatile java.util.function.BiFunction<String, byte[], byte[]> tileTamper = (path, data) -> data;

    /** The exact bytes logged for each record id (what {@code entry} serves). */
    final Map<String, byte[]> loggedBytes = new ConcurrentHashMap<>();
    /**
     * Turns submitted envelope bytes into the bytes the log stores, as if the publisher had sent
     * them that way (another client may serialise JSON differently; the log keeps bytes as sent).
     */
    volatile UnaryOperator<byte[]> submittedAs = UnaryOperator.identity();
    /** Whether the records lists carry each record's exact log entry ({@code entry}, base64). */
    volatile boolean serveEntries = true;
    /** Tokens GET /v1/whoami refuses with 401, as the registry does an unknown or revoked one. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    final Set<String> refusedTokens = ConcurrentHashMap.newKeySet();
    /** The largest release GET /v1/namespaces/{ns}/policy states; null: no such route (an older registry). */
    volatile Long policyMaxBytes = 100L * 1024 * 1024;
    /** What the proof endpoints serve, by "path?query", instead of the true proof. */
    volatile java.util.function.BiFunction<String, byte[], byte[]> proofTamper = (request, data) -> data;
    /** What a records list serves instead of the stored records, by package (or "operator"). */
    volatile java.util.function.BiFunction<String, ObjectNode, ObjectNode> recordsTamper = (pkg, node) -> node;

    private long logged(Envelope envelope) {
        return logged(envelope, envelope.toJson());
    }

    /** Appends the record to the transparency log as exactly {@code bytes}. */
    long logged(Envelope envelope, byte[] bytes) {
        long index = log.append(bytes);
        String id = Digest.sha256(envelope.payload()).toString();
        logIndices.put(id, index);
        loggedBytes.put(id, bytes);
        return index;
    }

    record Failure(
            String prefix, int status, String code, java.util.concurrent.atomic.AtomicInteger times, String detail) {
        Failure(String prefix, int status, String code) {
            this(prefix, status, code, new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE));
        }

        Failure(String prefix, int status, String code, java.util.concurrent.atomic.AtomicInteger times) {
            this(prefix, status, code, times, "the fake registry was told to fail");
        }
    }

    private final HttpServer server;

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Claims a namespace directly in the operator log (as the server would on POST /v1/namespaces). */
    void claim(String namespace, PublicKey owner) {
        Digest prev = operatorLog.isEmpty()
                ? null
                : Digest.sha256(operatorLog.getLast().payload());
        OperatorRecord record = new OperatorRecord(
                prev,
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                List.of(new OperatorEntry.Namespace(namespace, List.of(owner))));
        Envelope envelope = SignedOperatorRecord.sign(record, operatorKey).envelope();
        operatorLog.add(envelope);
        logged(envelope);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(method + " " + path);
            requestsWithQuery.add(method + " " + path + (query == null ? "" : "?" + query));
            Failure f = failure;
            if (f != null
                    && (method + " " + path).startsWith(f.prefix())
                    && f.times().getAndDecrement() > 0) {
                problem(exchange, f.status(), f.code(), f.detail());
                return;
            }
            int from = query != null && query.startsWith("from=") ? Integer.parseInt(query.substring(5)) : 0;
            if (method.equals("GET") && path.equals("/v1/whoami")) {
                String bearer = exchange.getRequestHeaders().getFirst("Authorization");
                String token = bearer == null ? "" : bearer.replaceFirst("^Bearer ", "");
                if (token.isEmpty() || refusedTokens.contains(token)) {
                    problem(exchange, 401, "unauthenticated", "unknown token");
                    return;
                }
                ObjectNode node = JSON.createObjectNode();
                node.put("id", "tok_fake");
                node.putArray("scopes").add("admin");
                node.putArray("packages");
                json(exchange, 200, node);
            } else if (method.equals("GET")
                    && path.startsWith("/v1/namespaces/")
                    && path.endsWith("/policy")
                    && policyMaxBytes != null) {
                ObjectNode node = JSON.createObjectNode();
                node.put("namespace", path.split("/")[3]);
                node.put("maxBytes", policyMaxBytes);
                node.put("maxNesting", 16);
                node.put("maxImports", 1000);
                node.put("maxExports", 1000);
                node.put("maxCoreModules", 1000);
                node.putArray("allowedImports");
                node.putArray("deniedImports");
                node.put("semver", true);
                json(exchange, 200, node);
            } else if (method.equals("GET") && path.equals("/v1/operator")) {
                ObjectNode node = JSON.createObjectNode();
                node.put("key", operatorKey.publicKey().text());
                json(exchange, 200, node);
            } else if (method.equals("GET") && path.equals("/v1/operator/records")) {
                json(exchange, 200, recordsTamper.apply("operator", records(operatorLog, from)));
            } else if (method.equals("POST") && path.equals("/v1/namespaces")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                String namespace = body.path("namespace").asString();
                PublicKey owner = PublicKey.parse(body.path("owners").get(0).asString());
                // As the registry does: the owner must have signed the claim.
                if (!new dev.wreg.protocol.record.NamespaceClaim(namespace, List.of(owner))
                        .isSignedBy(owner, body.path("signatures").path(0).asString(null))) {
                    problem(exchange, 400, "bad-signature", "the owner key did not sign the claim");
                    return;
                }
                if (!claimed.add(namespace)) {
                    problem(exchange, 409, "name-conflict", "namespace " + namespace + " is already claimed");
                    return;
                }
                claim(namespace, owner);
                ObjectNode node = JSON.createObjectNode();
                node.put("namespace", namespace);
                json(exchange, 201, node);
            } else if (path.startsWith("/v1/packages/") && path.endsWith("/records")) {
                String pkg = path.substring("/v1/packages/".length(), path.length() - "/records".length());
                if (method.equals("GET")) {
                    List<Envelope> log = packageLogs.get(pkg);
                    if (log == null) {
                        problem(exchange, 404, "not-found", "package " + pkg + " not found");
                    } else {
                        json(exchange, 200, recordsTamper.apply(pkg, records(log, from)));
                    }
                } else {
                    byte[] submitted =
                            submittedAs.apply(exchange.getRequestBody().readAllBytes());
                    Envelope envelope = Envelope.parse(submitted);
                    List<Envelope> log = packageLogs.computeIfAbsent(pkg, k -> new CopyOnWriteArrayList<>());
                    log.add(envelope);
                    long logIndex = logged(envelope, submitted);
                    ObjectNode node = JSON.createObjectNode();
                    node.put("recordId", Digest.sha256(envelope.payload()).toString());
                    node.put("index", log.size() - 1);
                    node.put("logIndex", logIndex);
                    node.put("checkpoint", new String(this.log.note(logIndex + 1), StandardCharsets.UTF_8));
                    node.put(
                            "inclusionProof",
                            new String(
                                    this.log.inclusion(logIndex, logIndex + 1).orElseThrow(), StandardCharsets.UTF_8));
                    json(exchange, 201, node);
                }
            } else if (method.equals("GET") && path.startsWith("/log/")) {
                serveLog(exchange, path.substring("/log/".length()), query);
            } else if (path.startsWith("/v1/blobs/")) {
                String digest = path.substring("/v1/blobs/".length());
                switch (method) {
                    case "PUT" -> {
                        byte[] bytes;
                        try (InputStream in = exchange.getRequestBody()) {
                            bytes = in.readAllBytes();
                        }
                        blobs.put(digest, bytes);
                        ObjectNode node = JSON.createObjectNode();
                        node.put("digest", digest);
                        node.put("size", bytes.length);
                        json(exchange, 201, node);
                    }
                    case "HEAD" -> {
                        byte[] bytes = blobs.get(digest);
                        exchange.sendResponseHeaders(bytes == null ? 404 : 200, -1);
                    }
                    default -> {
                        byte[] bytes = blobs.get(digest);
                        if (bytes == null) {
                            problem(exchange, 404, "not-found", "no blob " + digest);
                        } else {
                            byte[] served = blobTamper.apply(bytes);
                            exchange.getResponseHeaders().set("Content-Type", "application/wasm");
                            exchange.sendResponseHeaders(200, served.length);
                            exchange.getResponseBody().write(served);
                        }
                    }
                }
            } else {
                problem(exchange, 404, "not-found", "no route " + method + " " + path);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void serveLog(HttpExchange exchange, String path, String query) throws IOException {
        Map<String, Long> params = new java.util.HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        java.util.Optional<byte[]> body = switch (path) {
            case "vkey" ->
                java.util.Optional.of((log.signer.verifierKey().text() + "\n").getBytes(StandardCharsets.UTF_8));
            case "checkpoint" -> java.util.Optional.of(checkpointTamper.apply(log.latestNote()));
            case "proof/inclusion" ->
                log.inclusion(params.get("index"), params.get("size"))
                        .map(data -> proofTamper.apply(path + "?" + query, data));
            case "proof/consistency" ->
                log.consistency(params.get("old"), params.get("size"))
                        .map(hashes -> {
                            StringBuilder text = new StringBuilder();
                            hashes.forEach(h -> text.append(
                                            java.util.Base64.getEncoder().encodeToString(h))
                                    .append('\n'));
                            return text.toString().getBytes(StandardCharsets.UTF_8);
                        })
                        .map(data -> proofTamper.apply(path + "?" + query, data));
            default -> log.tile(path).map(data -> tileTamper.apply(path, data));
        };
        if (body.isEmpty()) {
            problem(exchange, 404, "not-found", "no /log/" + path);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.get().length);
        exchange.getResponseBody().write(body.get());
    }

    private ObjectNode records(List<Envelope> log, int from) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode array = node.putArray("records");
        List<Envelope> snapshot = new ArrayList<>(log);
        for (int i = from; i < snapshot.size(); i++) {
            ObjectNode record = array.addObject();
            record.put("index", i);
            record.put("recordId", Digest.sha256(snapshot.get(i).payload()).toString());
            record.set("envelope", snapshot.get(i).toJsonNode());
            Long logIndex =
                    logIndices.get(Digest.sha256(snapshot.get(i).payload()).toString());
            if (logIndex != null) {
                record.put("logIndex", logIndex);
            }
            byte[] entry =
                    loggedBytes.get(Digest.sha256(snapshot.get(i).payload()).toString());
            if (serveEntries && entry != null) {
                record.put("entry", java.util.Base64.getEncoder().encodeToString(entry));
            }
        }
        return node;
    }

    static SignedRecord parse(Envelope envelope) {
        return SignedRecord.of(envelope);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "https://wreg.dev/problems/" + code);
        node.put("title", code);
        node.put("status", status);
        node.put("detail", detail);
        node.put("code", code);
        byte[] bytes = node.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
