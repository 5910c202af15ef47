package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wreg.testsupport.NeedsSharedData;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real {@code ./wreg} against the real server jar, through an in-test HTTP proxy that rewrites
 * the server's answers the way a compromised registry or a machine in the middle would
 * (tlog-anchors.md §5): an old checkpoint replayed, an inclusion proof of another entry, a
 * truncated consistency proof, an altered tile or entry bundle, a record whose log entry is other
 * bytes, a package history with its newest record hidden. Every one must end in exit 6, and the
 * untampered log must verify end to end — the whole log re-derived from its bundles and one
 * package's history checked against every record the log holds.
 */
@NeedsSharedData("fixtures/wasm")
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperingProxyEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int INTEGRITY = 6;
    private static final Pattern INDEX_AND_SIZE = Pattern.compile("index=(\\d+)&size=(\\d+)");

    private RegistryUnderTest registry;
    /** This class's package on the shared server. */
    private String pkg;

    private HttpServer proxy;
    private final HttpClient upstream =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Rewrites an answer body, given the request's path and query; the identity when honest. */
    private volatile BiFunction<String, byte[], byte[]> tamper = (request, body) -> body;

    @BeforeAll
    void startTheProxy(RegistryUnderTest registry) throws Exception {
        this.registry = registry;
        pkg = registry.namespace() + ":hello";
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", this::forward);
        proxy.start();
    }

    @AfterAll
    void stopTheProxy() {
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(registry.baseUri() + request))
                    .method(
                            exchange.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Authorization", "Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    out.header(header, value);
                }
            }
            HttpResponse<byte[]> answer = upstream.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers()
                    .firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(answer.statusCode(), -1);
                return;
            }
            byte[] served = answer.statusCode() == 200 ? tamper.apply(request, answer.body()) : answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), served.length == 0 ? -1 : served.length);
            exchange.getResponseBody().write(served);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private byte[] direct(String request) throws Exception {
        HttpResponse<byte[]> answer = upstream.send(
                HttpRequest.newBuilder(URI.create(registry.baseUri() + request)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(request).isEqualTo(200);
        return answer.body();
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, registry.logTail())
                .isZero();
        return result;
    }

    private void refused(WregRunner wreg, String because, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s", String.join(" ", args), result)
                .isEqualTo(INTEGRITY);
        assertThat(result.stderr()).as("wreg %s", String.join(" ", args)).contains(because);
    }

    private static byte[] flipLastByte(byte[] data) {
        byte[] copy = data.clone();
        copy[copy.length - 1] ^= 1;
        return copy;
    }

    @Test
    void aTamperingRegistryIsCaughtAndAnHonestOneVerifies() throws Exception {
        URI viaProxy = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
        Path wasm = SharedData.require("fixtures/wasm");
        WregRunner alice = registry.loggedIn(registry.user("alice", viaProxy));
        ok(alice, "namespace", "claim", registry.namespace());
        ok(alice, "publish", wasm.resolve("hello.wasm").toString(), "--package", pkg, "--version", "0.1.0");
        byte[] oldCheckpoint = direct("/log/checkpoint");
        ok(alice, "publish", wasm.resolve("exit-code.wasm").toString(), "--package", pkg, "--version", "0.2.0");
        ok(alice, "info", pkg);

        // Honest: the whole log re-derives from its bundles; the package's history hides nothing.
        assertThat(ok(alice, "verify").stdout()).contains("root matches the checkpoint");
        assertThat(ok(alice, "verify", pkg).stdout()).contains("2 records").contains("none hidden");

        // §5 #3: an old checkpoint replayed.
        tamper = (request, body) -> request.equals("/log/checkpoint") ? oldCheckpoint : body;
        refused(alice, "log-rollback", "info", pkg);

        // §5 #8: the inclusion proof of the neighbouring entry.
        tamper = (request, body) -> {
            Matcher m = INDEX_AND_SIZE.matcher(request);
            if (!request.startsWith("/log/proof/inclusion") || !m.find()) {
                return body;
            }
            long index = Long.parseLong(m.group(1));
            long other = index == 0 ? 1 : index - 1;
            try {
                return direct("/log/proof/inclusion?index=" + other + "&size=" + m.group(2));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        // Alice proved these entries' inclusion before and keeps that (a client asks once), so she
        // never asks for the forged proof; a client that has not seen them yet must, and refuses it.
        ok(alice, "info", pkg);
        refused(registry.user("dave", viaProxy), "is not proven to be in the transparency log", "info", pkg);

        // The exact-bytes rule: a record whose log entry is another record's bytes. Alice keeps the
        // records she verified and asks only from her last one on, so the forgery goes into
        // whatever the answer starts with.
        JsonNode history =
                JSON.readTree(direct("/v1/packages/" + pkg + "/records")).path("records");
        String firstEntry = history.get(0).path("entry").asString();
        String secondEntry = history.get(1).path("entry").asString();
        tamper = (request, body) -> {
            if (!request.startsWith("/v1/packages/" + pkg + "/records")) {
                return body;
            }
            ObjectNode answer = (ObjectNode) JSON.readTree(body);
            ArrayNode records = (ArrayNode) answer.path("records");
            if (!records.isEmpty()) {
                ObjectNode forged = (ObjectNode) records.get(0);
                forged.put("entry", forged.path("entry").asString().equals(firstEntry) ? secondEntry : firstEntry);
            }
            return JSON.writeValueAsBytes(answer);
        };
        refused(alice, "differs from its log entry", "info", pkg);
        refused(registry.user("erin", viaProxy), "differs from its log entry", "info", pkg);

        // §5 #14: the newest release hidden from a client that saw it, and from one that did not.
        tamper = (request, body) -> {
            if (!request.startsWith("/v1/packages/" + pkg + "/records")) {
                return body;
            }
            ObjectNode answer = (ObjectNode) JSON.readTree(body);
            ArrayNode records = (ArrayNode) answer.path("records");
            if (!records.isEmpty()) {
                records.remove(records.size() - 1);
            }
            return JSON.writeValueAsBytes(answer);
        };
        refused(alice, "package-rollback", "fetch", pkg, "-o", "hidden.wasm");
        refused(registry.user("bob", viaProxy), "leaves out", "verify", pkg);

        // §5 #6 and #7: one changed byte in the rightmost level-0 tile, then in its entry bundle.
        tamper = (request, body) -> request.matches("/log/tile/0/\\d{3}(\\.p/\\d+)?") ? flipLastByte(body) : body;
        refused(alice, "differs from the one its entries give", "verify");
        tamper = (request, body) -> request.startsWith("/log/tile/entries/") ? flipLastByte(body) : body;
        refused(alice, "do not give the root", "verify");

        // §5 #9: the log grows (a namespace claimed straight at the server); its consistency proof
        // is served truncated.
        WregRunner carol = registry.loggedIn("carol");
        ok(carol, "namespace", "claim", registry.namespace("other"));
        tamper = (request, body) -> {
            if (!request.startsWith("/log/proof/consistency")) {
                return body;
            }
            List<String> lines =
                    new String(body, StandardCharsets.UTF_8).lines().toList();
            return (String.join("\n", lines.subList(0, lines.size() - 1)) + "\n").getBytes(StandardCharsets.UTF_8);
        };
        refused(alice, "log-fork", "info", pkg);

        // Honest again: everything verifies and the stored checkpoint moves on.
        tamper = (request, body) -> body;
        ok(alice, "fetch", pkg + "@0.1.0", "-o", "hello.wasm");
        assertThat(alice.home().resolve("hello.wasm")).hasSameBinaryContentAs(wasm.resolve("hello.wasm"));
        assertThat(ok(alice, "log", "checkpoint").stdout().strip())
                .isEqualTo(new String(direct("/log/checkpoint"), StandardCharsets.UTF_8).strip());
    }
}
