package dev.wreg.cli.client;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.BlobView;
import dev.wreg.protocol.api.ClaimRequest;
import dev.wreg.protocol.api.ClaimResponse;
import dev.wreg.protocol.api.ComposerKeyView;
import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.api.CompositionView;
import dev.wreg.protocol.api.InterfaceReport;
import dev.wreg.protocol.api.OperatorKeyView;
import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.PublishPolicyView;
import dev.wreg.protocol.api.PublishResponse;
import dev.wreg.protocol.api.RecordsView;
import dev.wreg.protocol.api.RecordsView.RecordView;
import dev.wreg.protocol.api.SearchPage;
import dev.wreg.protocol.api.TokenListView;
import dev.wreg.protocol.api.TokenRequest;
import dev.wreg.protocol.api.TokenResponse;
import dev.wreg.protocol.api.TokenView;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.NamespaceClaim;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's REST API ({@code /v1}) over the JDK HTTP client, speaking the wire types of
 * {@code dev.wreg.protocol.api}. Every failure comes out as a {@link CliException} carrying the
 * exit code: problem answers through {@link RegistryRefusal}, network failures as "unavailable".
 * Nothing answered here is trusted: callers verify signatures and digests themselves.
 */
public final class RegistryClient {

    /** Members a newer registry adds are no reason to fail; a missing number is, unless optional. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** A problem document from whatever answered (a proxy, say) is read for what it has. */
    private static final JsonMapper PROBLEM_JSON = JSON.rebuild()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    /** JSON answers are small; refuse to buffer more than this from a confused or hostile server. */
    private static final int MAX_JSON_BYTES = 32 * 1024 * 1024;

    private static final String USER_AGENT = "wreg/0.1.0";

    private static final int MAX_ATTEMPTS = 3;
    private static final Set<Integer> RETRYABLE_STATUS = java.util.Set.of(429, 502, 503, 504);
    private static final long MAX_RETRY_AFTER_MILLIS = 5_000;

    private final RegistryAddress registry;
    private final Optional<String> token;
    private final HttpClient http;

    public RegistryClient(RegistryAddress registry, Optional<String> token) {
        this.registry = registry;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                // Blob downloads may redirect to a presigned URL; tokens are never sent on GETs.
                .followRedirects(HttpClient.Redirect.NORMAL)
                // The trust store is read at the first TLS handshake, not on every start (DeferredTrust).
                .sslContext(DeferredTrust.context())
                .build();
    }

    public RegistryAddress registry() {
        return registry;
    }

    public PublicKey operatorKey() {
        OperatorKeyView answer = getJson("/v1/operator", "reading the operator key", OperatorKeyView.class);
        if (answer.key() == null) {
            throw CliException.integrity("the registry's answer lacks \"key\"");
        }
        try {
            return PublicKey.parse(answer.key());
        } catch (ProtocolException e) {
            throw CliException.integrity("the registry's operator key is not a valid key: " + e.getMessage());
        }
    }

    /**
     * The key the registry signs releases with on a client's behalf (compositions, OCI pushes),
     * once a package owner granted it {@code release}; empty when the registry has none.
     */
    public Optional<PublicKey> registryReleaseKey() {
        ComposerKeyView answer =
                getJson("/v1/composer", "reading the registry's release-signing key", ComposerKeyView.class);
        if (answer.key() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PublicKey.parse(answer.key()));
        } catch (ProtocolException e) {
            throw CliException.integrity("the registry's release-signing key is not a valid key: " + e.getMessage());
        }
    }

    public List<LogEntry> operatorRecords() {
        return operatorRecords(0);
    }

    /** Every record of the package's log, or empty when the registry does not know the package. */
    public Optional<List<LogEntry>> packageRecords(PackageName pkg) {
        return packageRecords(pkg, 0);
    }

    /**
     * The operator log's records from index {@code from} on (what a client that verified the
     * first {@code from} records still needs).
     */
    public List<LogEntry> operatorRecords(long from) {
        return allRecords("/v1/operator/records", "reading the operator log", from)
                .orElse(List.of());
    }

    /**
     * The package's records from index {@code from} on, or empty when the registry does not know
     * the package.
     */
    public Optional<List<LogEntry>> packageRecords(PackageName pkg, long from) {
        return allRecords("/v1/packages/" + pkg + "/records", "reading the records of " + pkg, from);
    }

    /**
     * {@code GET /v1/search} with the given parameters (names to values; null values are left out).
     * The answer is the index's opinion, not signed: callers verify what they then use.
     */
    public SearchPage search(java.util.Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(name)
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return getJson("/v1/search" + query, "searching " + registry, SearchPage.class);
    }

    /**
     * {@code GET /v1/interfaces/{ns:pkg}/{iface}}: who provides and consumes an interface, by
     * track. An unknown interface is a not-found failure whose message carries the registry's
     * nearest names. Not signed: callers verify the releases they pick.
     */
    public InterfaceReport interfaceReport(InterfaceName name) {
        String action = "looking up interface " + name;
        String path = "/v1/interfaces/" + name.pkg() + "/" + name.name()
                + (name.version() == null ? "" : "@" + name.version());
        return getJson(path, action, InterfaceReport.class);
    }

    /**
     * {@code POST /v1/namespaces}: claims the namespace for the owners, each signing the claim
     * ({@link NamespaceClaim}) so the registry knows the caller holds every key it names.
     */
    public ClaimResponse claimNamespace(String namespace, List<PrivateKey> owners) {
        NamespaceClaim claim = new NamespaceClaim(
                namespace, owners.stream().map(PrivateKey::publicKey).toList());
        ClaimRequest body = new ClaimRequest(
                namespace,
                claim.owners().stream().map(PublicKey::text).toList(),
                owners.stream().map(claim::sign).toList());
        HttpRequest request = authorized(
                        "claiming namespace " + namespace, HttpRequest.newBuilder(uri("/v1/namespaces")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        return sendJson(request, "claiming namespace " + namespace, ClaimResponse.class);
    }

    /** Submits the envelope as exactly {@code envelopeBytes}, the bytes the registry will log. */
    public PublishResponse submitRecord(PackageName pkg, byte[] envelopeBytes) {
        String action = "submitting the record to " + pkg;
        HttpRequest request = authorized(action, HttpRequest.newBuilder(uri("/v1/packages/" + pkg + "/records")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelopeBytes))
                .build();
        return sendJson(request, action, PublishResponse.class);
    }

    /**
     * {@code POST /v1/compositions}; when the registry answers 202, polls the {@code Location}
     * until the job finishes or {@code wait} passes. Answers the finished composition; a refused or
     * failed one becomes the registry's precise reason as a {@link CliException}.
     */
    public CompositionView compose(CompositionRequest body, Duration wait) {
        String action = "composing on " + registry;
        HttpRequest request = authorized(action, HttpRequest.newBuilder(uri("/v1/compositions")))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), action);
        Answer answer;
        try (InputStream in = response.body()) {
            answer = new Answer(response.statusCode(), readLimited(in));
        } catch (IOException e) {
            throw CliException.unavailable(action + ": connection to " + registry + " broke: " + e.getMessage());
        }
        CompositionView job = parseAnswer(answer, action, CompositionView.class);
        if (answer.status() != 202) {
            return job;
        }
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new CliException(
                        ExitCode.SOFTWARE, action + ": the registry answered 202 without a Location to poll"));
        if (!location.startsWith("/v1/compositions/")) {
            throw new CliException(
                    ExitCode.SOFTWARE, action + ": the registry answered 202 with an unexpected Location " + location);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (int attempt = 0; ; attempt++) {
            String status = job.status() == null ? "" : job.status();
            if (status.equals("succeeded")) {
                return job;
            }
            if (status.equals("failed")) {
                CompositionView.Error error = job.error();
                throw (error == null
                                ? RegistryRefusal.of(422, null, null)
                                : RegistryRefusal.of(error.status(), error.code(), error.detail()))
                        .toException(action);
            }
            if (System.nanoTime() > deadline) {
                throw CliException.unavailable(action + ": the composition " + location + " is still " + status
                        + " after " + wait.toSeconds() + " s; poll it later");
            }
            try {
                Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 4)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.unavailable(action + ": interrupted");
            }
            job = getJson(location, "polling " + location, CompositionView.class);
        }
    }

    /** {@code GET /v1/whoami}: the token this client sends, as the registry knows it. */
    public TokenView whoami() {
        String action = "checking the token with " + registry;
        return sendJson(
                authorized(action, HttpRequest.newBuilder(uri("/v1/whoami")))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                action,
                TokenView.class);
    }

    /** {@code GET /v1/tokens}: the tokens this client's token created. */
    public List<TokenView> tokens() {
        String action = "listing tokens on " + registry;
        TokenListView answer = sendJson(
                authorized(action, HttpRequest.newBuilder(uri("/v1/tokens")))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                action,
                TokenListView.class);
        if (answer.tokens() == null) {
            throw CliException.integrity(action + ": the answer has no \"tokens\" list");
        }
        return answer.tokens();
    }

    /** {@code POST /v1/tokens}: a new token (the caller's token needs the admin scope). */
    public TokenResponse createToken(TokenRequest body) {
        String action = "creating a token on " + registry;
        HttpRequest request = authorized(action, HttpRequest.newBuilder(uri("/v1/tokens")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        return sendJson(request, action, TokenResponse.class);
    }

    /** {@code DELETE /v1/tokens/{id}}. */
    public void revokeToken(String id) {
        String action = "revoking token " + id + " on " + registry;
        HttpRequest request = authorized(
                        action,
                        HttpRequest.newBuilder(
                                uri("/v1/tokens/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8))))
                .DELETE()
                .build();
        Answer answer = sendForBytes(request, action);
        if (answer.status() < 200 || answer.status() >= 300) {
            throw problem(answer.status(), answer.body()).toException(action);
        }
    }

    /**
     * {@code GET /v1/namespaces/{ns}/policy}: the rules the registry checks a release in the
     * namespace against; empty from a registry too old to say.
     */
    public Optional<PublishPolicyView> publishPolicy(String namespace) {
        String action = "reading the publish policy of namespace " + namespace;
        Answer answer = sendForBytes(get("/v1/namespaces/" + namespace + "/policy"), action);
        if (answer.status() == 404 || answer.status() == 405) {
            return Optional.empty();
        }
        return Optional.of(parseAnswer(answer, action, PublishPolicyView.class));
    }

    public boolean blobExists(Digest digest) {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/blobs/" + digest))
                .header("User-Agent", USER_AGENT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding(), "checking blob " + digest);
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 404) {
            return false;
        }
        throw RegistryRefusal.ofStatus(response.statusCode()).toException("checking blob " + digest);
    }

    /** Streams the file up (never whole in memory), reporting progress as the body is read. */
    public BlobView uploadBlob(Digest digest, Path file, long size, TransferListener listener) {
        return uploadBlob(digest, file, size, null, listener);
    }

    /**
     * Streams the file up for a release in {@code namespace} (null: none named), so the registry
     * holds the upload to that namespace's size and pending-upload limits before storing anything.
     */
    public BlobView uploadBlob(Digest digest, Path file, long size, String namespace, TransferListener listener) {
        String action = "uploading blob " + digest;
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new CountingInputStream(Files.newInputStream(file), size, listener);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file, e);
                    }
                }),
                size);
        String path = "/v1/blobs/" + digest
                + (namespace == null ? "" : "?namespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8));
        HttpRequest request = authorized(action, HttpRequest.newBuilder(uri(path)))
                .header("Content-Type", "application/wasm")
                // The registry can refuse (too large, no permission) before a byte is sent.
                .expectContinue(true)
                .PUT(body)
                .build();
        try {
            return sendJson(request, action, BlobView.class);
        } finally {
            listener.finished();
        }
    }

    /** Opens the blob's bytes; the caller verifies digest and size while reading. */
    public InputStream openBlob(Digest digest) {
        String action = "downloading blob " + digest;
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/blobs/" + digest))
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/wasm, application/octet-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), action);
        if (response.statusCode() == 200) {
            return response.body();
        }
        try (InputStream body = response.body()) {
            throw problem(response.statusCode(), readLimited(body)).toException(action);
        } catch (IOException e) {
            throw CliException.unavailable(action + ": " + e.getMessage());
        }
    }

    /**
     * A resource of the transparency log below {@code /log/} (checkpoint, tile, proof, vkey) as
     * bytes; empty when the registry has none (404). Nothing read here is trusted as such.
     */
    public Optional<byte[]> logResource(String pathAndQuery) {
        String action = "read /log/" + pathAndQuery;
        HttpRequest request = HttpRequest.newBuilder(uri("/log/" + pathAndQuery))
                .header("User-Agent", USER_AGENT)
                .header("Accept", "*/*")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        Answer answer = sendForBytes(request, action);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw problem(answer.status(), answer.body()).toException(action);
        }
        return Optional.of(answer.body());
    }

    private Optional<List<LogEntry>> allRecords(String path, String action, long from) {
        List<LogEntry> entries = new ArrayList<>();
        while (true) {
            HttpRequest request = get(path + "?from=" + (from + entries.size()));
            Answer response = sendForBytes(request, action);
            if (response.status() == 404 && entries.isEmpty()) {
                return Optional.empty();
            }
            List<RecordView> records =
                    parseAnswer(response, action, RecordsView.class).records();
            if (records == null) {
                throw CliException.integrity(action + ": the answer has no \"records\" list");
            }
            if (records.isEmpty()) {
                return Optional.of(List.copyOf(entries));
            }
            for (RecordView record : records) {
                if (record.index() != from + entries.size()) {
                    // A log that skips or repeats an index cannot be replayed faithfully.
                    throw CliException.integrity(action + ": expected record index " + (from + entries.size())
                            + " but the registry sent " + record.index());
                }
                byte[] entry = entryBytes(record, action);
                entries.add(new LogEntry(
                        record.index(),
                        record.recordId() == null ? "" : record.recordId(),
                        envelope(record, entry, action),
                        record.logIndex(),
                        entry));
            }
        }
    }

    /** The record's log entry bytes (base64 {@code entry}), or null when the registry sent none. */
    private static byte[] entryBytes(RecordView record, String action) {
        if (record.entry() == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(record.entry());
        } catch (IllegalArgumentException e) {
            throw CliException.integrity(action + ": a record's log entry is not base64");
        }
    }

    /**
     * The envelope the CLI works with: parsed from the exact log-entry bytes when the registry sent
     * them (so what is verified is what is logged), and then the {@code envelope} shown beside them
     * must say the same.
     */
    private static Envelope envelope(RecordView record, byte[] entry, String action) {
        String envelope = record.envelope();
        if (envelope == null || !envelope.startsWith("{")) {
            throw CliException.integrity(action + ": a record has no envelope");
        }
        try {
            Envelope served = Envelope.parse(envelope.getBytes(StandardCharsets.UTF_8));
            if (entry == null) {
                return served;
            }
            Envelope logged = Envelope.parse(entry);
            if (!logged.equals(served)) {
                throw CliException.integrity(action + ": record " + record.index() + " differs from its log entry");
            }
            return logged;
        } catch (ProtocolException e) {
            throw CliException.integrity(action + ": a record's envelope is malformed: " + e.getMessage());
        }
    }

    private <T> T getJson(String path, String action, Class<T> type) {
        return parseAnswer(sendForBytes(get(path), action), action, type);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path))
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
    }

    private HttpRequest.Builder authorized(String action, HttpRequest.Builder builder) {
        String bearer = token.orElseThrow(() -> CliException.auth(
                action + ": no token for " + registry + "; log in with: wreg login --token-stdin, or set WREG_TOKEN"));
        return builder.header("Authorization", "Bearer " + bearer)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
    }

    private <T> T sendJson(HttpRequest request, String action, Class<T> type) {
        return parseAnswer(sendForBytes(request, action), action, type);
    }

    /**
     * Sends and reads the answer. Reads (GET) are idempotent, so a busy or briefly failing
     * registry (429, 502-504, a dropped connection) gets a few more tries with growing pauses,
     * honouring a short {@code Retry-After}; writes are never repeated here.
     */
    private Answer sendForBytes(HttpRequest request, String action) {
        boolean idempotent = request.method().equals("GET");
        for (int attempt = 1; ; attempt++) {
            boolean last = !idempotent || attempt >= MAX_ATTEMPTS;
            try {
                HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), action);
                Answer answer;
                try (InputStream body = response.body()) {
                    answer = new Answer(response.statusCode(), readLimited(body));
                } catch (IOException e) {
                    throw CliException.unavailable(
                            action + ": connection to " + registry + " broke: " + e.getMessage());
                }
                if (last || !RETRYABLE_STATUS.contains(answer.status())) {
                    return answer;
                }
                pause(attempt, response.headers().firstValue("Retry-After").orElse(null));
            } catch (CliException e) {
                if (last || e.exitCode() != ExitCode.UNAVAILABLE) {
                    throw e;
                }
                pause(attempt, null);
            }
        }
    }

    private static void pause(int attempt, String retryAfter) {
        long millis = 200L << attempt;
        if (retryAfter != null && retryAfter.strip().matches("\\d{1,2}")) {
            millis = Math.max(millis, Math.min(Long.parseLong(retryAfter.strip()) * 1000, MAX_RETRY_AFTER_MILLIS));
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.unavailable("interrupted");
        }
    }

    /**
     * A success answer as {@code type}. Text that is not JSON is the registry's bug; JSON that does
     * not have the answer's form (a member missing or of another type) is not to be trusted.
     */
    private <T> T parseAnswer(Answer answer, String action, Class<T> type) {
        int status = answer.status();
        if (status < 200 || status >= 300) {
            throw problem(status, answer.body()).toException(action);
        }
        T value;
        try {
            value = JSON.readValue(answer.body(), type);
        } catch (StreamReadException e) {
            // A web server or proxy at the address answers HTML; a wreg registry never does.
            throw CliException.usage(action + ": " + notARegistry("its answer is not JSON"));
        } catch (JacksonException e) {
            throw CliException.integrity(action + ": the registry's answer is not a valid " + type.getSimpleName()
                    + ": " + e.getOriginalMessage());
        }
        if (value == null) {
            throw CliException.integrity(action + ": the registry answered null");
        }
        return value;
    }

    /** The answer's problem document as far as it can be read; the status line always counts. */
    private RegistryRefusal problem(int status, byte[] body) {
        Problem problem;
        try {
            problem = PROBLEM_JSON.readValue(body, Problem.class);
        } catch (JacksonException | IllegalArgumentException e) {
            problem = null;
        }
        boolean bare = problem == null || (problem.code() == null && problem.title() == null);
        if (bare && (status == 404 || status == 405)) {
            // Every /v1 answer of a wreg registry carries a problem document; a missing route does not.
            throw CliException.usage(
                    notARegistry("it has no such API: HTTP " + status + " without a problem document"));
        }
        return problem == null ? RegistryRefusal.ofStatus(status) : new RegistryRefusal(problem.withStatus(status));
    }

    private String notARegistry(String why) {
        String path = registry.uri().getRawPath() == null ? "" : registry.uri().getRawPath();
        String hint = path.matches(".*/v\\d+$")
                ? "; give the base URL without " + path.substring(path.lastIndexOf('/'))
                : "; check --registry or WREG_REGISTRY";
        return registry + " does not look like a wreg registry (" + why + ")" + hint;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String action) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            if (unresolvedHost(e)) {
                throw CliException.unavailable(action + ": cannot find host '"
                        + registry.uri().getHost() + "' (no such host; check --registry or WREG_REGISTRY)");
            }
            throw CliException.unavailable(action + ": cannot reach the registry at " + registry + " ("
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")");
        } catch (HttpTimeoutException e) {
            throw CliException.unavailable(action + ": the registry at " + registry + " did not answer in time");
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw CliException.unavailable(action + ": interrupted");
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException local) {
                throw local;
            }
            throw CliException.unavailable(action + ": cannot talk to the registry at " + registry + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    /** The JDK reports an unknown host as a connect failure caused by an unresolved address. */
    private static boolean unresolvedHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private URI uri(String path) {
        return registry.resolve(path);
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
        if (bytes.length > MAX_JSON_BYTES) {
            throw new IOException("answer larger than " + MAX_JSON_BYTES + " bytes");
        }
        return bytes;
    }

    /** Counts bytes as the HTTP client reads the upload body. */
    private static final class CountingInputStream extends FilterInputStream {
        private final long total;
        private final TransferListener listener;
        private long done;

        CountingInputStream(InputStream in, long total, TransferListener listener) {
            super(in);
            this.total = total;
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                listener.progress(++done, total);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                done += n;
                listener.progress(done, total);
            }
            return n;
        }
    }

    /** A response whose body was read whole (bounded). */
    private record Answer(int status, byte[] body) {}
}
