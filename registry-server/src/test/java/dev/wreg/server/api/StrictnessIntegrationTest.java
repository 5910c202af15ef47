package dev.wreg.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, defect 7: what the registry accepts is exactly what it means to accept. Blobs are
 * WebAssembly or nothing; a record is not dated far ahead of the registry's clock; a namespace
 * claim needs the {@code claim} scope and a signature by every key it names as owner; a request
 * without a token is refused before its body is read; JSON with duplicate keys or unknown fields
 * is refused on every endpoint; an oversized request head gets 431.
 */
class StrictnessIntegrationTest extends RegistryIntegrationTest {

    private HttpResponse<byte[]> post(String path, String token, String body) {
        return postJson(path, token, body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- blobs ----------------------------------------------------------------------------

    @Test
    void onlyWebAssemblyIsStoredAsABlob() {
        for (byte[] junk :
                List.of("hello, not wasm".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[] {0, 'a'})) {
            HttpResponse<byte[]> refused = assertNothingStored(() -> putBlob(junk, Digest.sha256(junk), ADMIN_TOKEN));
            assertProblem(refused, 400, "not-a-component");
            assertThat(get("/v1/blobs/" + Digest.sha256(junk)).statusCode()).isEqualTo(404);
        }
        byte[] core = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        assertThat(putBlob(core, Digest.sha256(core), ADMIN_TOKEN).statusCode()).isIn(200, 201);
        byte[] component = component("strict " + uniqueNamespace());
        Digest digest = upload(component);
        HttpResponse<byte[]> served = get("/v1/blobs/" + digest);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/wasm");
        assertThat(served.body()).isEqualTo(component);
    }

    // ---- record times ---------------------------------------------------------------------

    @Test
    void aRecordDatedFarAheadOfTheRegistrysClockIsRefused() {
        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "clock");
        Instant farAhead = Instant.parse("9999-12-31T00:00:00Z");

        SignedRecord future = recordAt(farAhead, pkg, null, owner, new Entry.Init(owner.publicKey()));
        HttpResponse<byte[]> refused = assertNothingStored(() -> submit(pkg, future, ADMIN_TOKEN));
        assertThat(assertProblem(refused, 400, "time-in-future").path("detail").asString())
                .contains("9999-12-31");

        // A signer whose clock runs a minute ahead is still fine, and later records are not forced.
        Instant aMinuteAhead = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        SignedRecord init = recordAt(aMinuteAhead, pkg, null, owner, new Entry.Init(owner.publicKey()));
        assertThat(submit(pkg, init, ADMIN_TOKEN).statusCode()).isEqualTo(201);
    }

    // ---- namespace claims -----------------------------------------------------------------

    @Test
    void aClaimNeedsTheClaimScopeAndTheOwnersSignatures() {
        PrivateKey owner = PrivateKey.generateEd25519();
        PrivateKey stranger = PrivateKey.generateEd25519();
        String yankOnly = issueToken(List.of("yank"), null, null);
        String publishOnly = issueToken(List.of("publish"), null, null);
        String claimer = issueToken(List.of("claim"), null, null);

        String namespace = uniqueNamespace();
        assertProblem(
                assertNothingStored(() -> postJson("/v1/namespaces", yankOnly, claimRequest(namespace, owner))),
                403,
                "forbidden");
        assertProblem(
                assertNothingStored(() -> postJson("/v1/namespaces", publishOnly, claimRequest(namespace, owner))),
                403,
                "forbidden");

        Map<String, Object> unsigned = Map.of(
                "namespace", namespace, "owners", List.of(owner.publicKey().text()));
        assertProblem(assertNothingStored(() -> postJson("/v1/namespaces", claimer, unsigned)), 400, "invalid-request");

        // Signed, but by someone else than the key named as owner.
        Map<String, Object> forged = Map.of(
                "namespace",
                namespace,
                "owners",
                List.of(owner.publicKey().text()),
                "signatures",
                claimRequest(namespace, stranger).get("signatures"));
        assertProblem(assertNothingStored(() -> postJson("/v1/namespaces", claimer, forged)), 400, "bad-signature");

        // A signature for another namespace does not carry over.
        Map<String, Object> replayed = Map.of(
                "namespace",
                namespace,
                "owners",
                List.of(owner.publicKey().text()),
                "signatures",
                claimRequest(uniqueNamespace(), owner).get("signatures"));
        assertProblem(assertNothingStored(() -> postJson("/v1/namespaces", claimer, replayed)), 400, "bad-signature");

        HttpResponse<byte[]> claimed = postJson("/v1/namespaces", claimer, claimRequest(namespace, owner));
        assertThat(claimed.statusCode()).as(text(claimed)).isEqualTo(201);
    }

    // ---- authentication before the body ---------------------------------------------------

    @Test
    void anAnonymousRequestIsRefusedBeforeItsBodyIsRead() {
        for (String path : List.of("/v1/namespaces", "/v1/tokens", "/v1/compositions")) {
            HttpResponse<byte[]> response = assertNothingStored(() -> post(path, null, "{not json at all"));
            assertProblem(response, 401, "unauthenticated");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        }
    }

    // ---- strict JSON ----------------------------------------------------------------------

    @Test
    void duplicateKeysAndUnknownFieldsAreRefusedOnEveryJsonEndpoint() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        String signature = (String) ((List<?>) claimRequest(namespace, owner).get("signatures")).getFirst();
        String key = owner.publicKey().text();
        String duplicateClaim = "{\"namespace\":\"" + namespace + "\",\"namespace\":\"" + uniqueNamespace()
                + "\",\"owners\":[\"" + key + "\"],\"signatures\":[\"" + signature + "\"]}";
        String unknownInClaim = "{\"namespace\":\"" + namespace + "\",\"owners\":[\"" + key + "\"],\"signatures\":[\""
                + signature + "\"],\"admin\":true}";
        String duplicateToken = "{\"scopes\":[\"yank\"],\"scopes\":[\"admin\"]}";
        String unknownInToken = "{\"scopes\":[\"yank\"],\"role\":\"admin\"}";
        String duplicateComposition = "{\"plan\":\"package a:b;\",\"plan\":\"package c:d;\"}";
        String unknownInComposition = "{\"plan\":\"package a:b;\",\"invokeAll\":true}";
        String trailing = "{\"scopes\":[\"yank\"]} {\"scopes\":[\"admin\"]}";
        Map<String, List<String>> bodies = Map.of(
                "/v1/namespaces", List.of(duplicateClaim, unknownInClaim),
                "/v1/tokens", List.of(duplicateToken, unknownInToken, trailing),
                "/v1/compositions", List.of(duplicateComposition, unknownInComposition));
        bodies.forEach((path, list) -> {
            for (String body : list) {
                HttpResponse<byte[]> response = assertNothingStored(() -> post(path, ADMIN_TOKEN, body));
                assertThat(response.statusCode())
                        .as("%s %s: %s", path, body, text(response))
                        .isEqualTo(400);
                assertProblem(response, 400, "invalid-json");
            }
        });
        assertThat(get("/v1/namespaces/" + namespace).statusCode()).isEqualTo(404);
    }

    // ---- request heads --------------------------------------------------------------------

    @Test
    void anOversizedRequestHeadGets431() {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v1/packages/nobody:here"))
                .header("X-Padding", "x".repeat(20 * 1024))
                .GET());
        assertProblem(response, 431, "headers-too-large");
        assertThat(get("/v1/packages/nobody:here").statusCode()).isEqualTo(404);
    }

    @Test
    void aQueryStringBeyondItsOwnLimitGets431() {
        // 10 KB of query is over the 8 KB head limit but within the query's 32 KB: it reaches the
        // endpoint, which refuses the query itself; 40 KB of query is refused before any endpoint.
        assertProblem(get("/v1/search?q=" + "a".repeat(10 * 1024)), 400, "invalid-query");
        assertProblem(get("/v1/search?q=" + "a".repeat(40 * 1024)), 431, "headers-too-large");
    }
}
