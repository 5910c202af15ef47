package dev.wreg.server.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.dsse.Signature;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input of the registry-core issue: each gets a 4xx problem+json with its stable code,
 * and the database rows and blob files are exactly as before.
 */
class BadInputIntegrationTest extends RegistryIntegrationTest {

    PrivateKey owner;
    String namespace;
    PackageName pkg;
    Digest head;

    /** A namespace with one initialised package whose head is {@link #head}. */
    @BeforeEach
    void publishedPackage() {
        owner = PrivateKey.generateEd25519();
        namespace = uniqueNamespace();
        claim(namespace, owner);
        pkg = new PackageName(namespace, "pkg");
        head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
    }

    private Digest release(String version, byte[] bytes) {
        Digest content = upload(bytes);
        head = accept(pkg, record(pkg, head, owner, new Entry.Release(Version.parse(version), content, bytes.length)));
        return content;
    }

    private HttpResponse<byte[]> refused(SignedRecord record, int status, String code) {
        HttpResponse<byte[]> response = assertNothingStored(() -> submit(pkg, record, ADMIN_TOKEN));
        assertProblem(response, status, code);
        return response;
    }

    // ---- signatures and permissions ----------------------------------------------------------

    @Test
    void unsignedRecord() {
        SignedRecord signed = record(pkg, head, owner, new Entry.Deprecate(Version.parse("9.9.9"), "x"));
        Envelope unsigned =
                new Envelope(Envelope.RECORD_PAYLOAD_TYPE, signed.envelope().payload(), List.of());
        HttpResponse<byte[]> response = assertNothingStored(() -> submit(pkg, unsigned.toJson(), ADMIN_TOKEN));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("code").asString())
                .isIn("invalid-envelope", "malformed-record", "bad-signature");
    }

    @Test
    void badlySignedRecord() {
        byte[] bytes = component("bad sig");
        Digest content = upload(bytes);
        SignedRecord signed =
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length));
        Signature original = signed.envelope().signatures().getFirst();
        byte[] sig = original.sig();
        sig[10] ^= 0x01;
        Envelope tampered = new Envelope(
                Envelope.RECORD_PAYLOAD_TYPE,
                signed.envelope().payload(),
                List.of(new Signature(original.keyid(), sig)));
        assertProblem(assertNothingStored(() -> submit(pkg, tampered.toJson(), ADMIN_TOKEN)), 400, "bad-signature");
    }

    @Test
    void signerWithoutThePermission() {
        PrivateKey yanker = PrivateKey.generateEd25519();
        head = accept(pkg, record(pkg, head, owner, new Entry.Grant(yanker.publicKey(), Set.of(Permission.YANK))));
        byte[] bytes = component("no permission");
        Digest content = upload(bytes);
        refused(
                record(pkg, head, yanker, new Entry.Release(Version.parse("1.0.0"), content, bytes.length)),
                403,
                "unauthorized");
    }

    @Test
    void revokedKey() {
        PrivateKey helper = PrivateKey.generateEd25519();
        head = accept(pkg, record(pkg, head, owner, new Entry.Grant(helper.publicKey(), Set.of(Permission.RELEASE))));
        head = accept(
                pkg,
                record(pkg, head, owner, new Entry.Revoke(helper.publicKey().keyId(), Set.of(Permission.RELEASE))));
        byte[] bytes = component("revoked");
        Digest content = upload(bytes);
        refused(
                record(pkg, head, helper, new Entry.Release(Version.parse("1.0.0"), content, bytes.length)),
                403,
                "revoked-key");
    }

    @Test
    void stalePrev() {
        Digest initId = head;
        release("1.0.0", component("stale 1"));
        byte[] bytes = component("stale 2");
        Digest content = upload(bytes);
        refused(
                record(pkg, initId, owner, new Entry.Release(Version.parse("2.0.0"), content, bytes.length)),
                409,
                "stale-prev");
    }

    @Test
    void replayedRecordSignedAgain() {
        // The init record re-signed (a new envelope for an old payload position): prev null is not the head.
        refused(recordAt(now().plusSeconds(1), pkg, null, owner, new Entry.Init(owner.publicKey())), 409, "stale-prev");
    }

    @Test
    void versionReusedWithDifferentBytesAndIdenticalResubmit() {
        byte[] first = component("v1 first");
        Digest content = upload(first);
        SignedRecord release =
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, first.length));
        HttpResponse<byte[]> created = submit(pkg, release, ADMIN_TOKEN);
        assertThat(created.statusCode()).isEqualTo(201);
        head = release.id();

        HttpResponse<byte[]> again = assertNothingStored(() -> submit(pkg, release, ADMIN_TOKEN));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("recordId").asString())
                .isEqualTo(json(created).path("recordId").asString());
        assertThat(json(again).path("index").asLong())
                .isEqualTo(json(created).path("index").asLong());

        byte[] second = component("v1 other bytes");
        Digest other = upload(second);
        refused(
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), other, second.length)),
                409,
                "version-exists");
    }

    @Test
    void yankedVersionIsNeverReused() {
        release("1.0.0", component("to yank"));
        head = accept(pkg, record(pkg, head, owner, new Entry.Yank(Version.parse("1.0.0"), "bad")));
        byte[] bytes = component("reuse after yank");
        Digest content = upload(bytes);
        refused(
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length)),
                409,
                "version-exists");
    }

    // ---- content ------------------------------------------------------------------------------

    @Test
    void declaredDigestIsNotTheUploadedBytes() {
        byte[] bytes = component("actual bytes");
        Digest announced = Digest.sha256(component("other bytes"));
        assertProblem(assertNothingStored(() -> putBlob(bytes, announced, ADMIN_TOKEN)), 400, "digest-mismatch");
        assertThat(get("/v1/blobs/" + announced).statusCode()).isEqualTo(404);
    }

    @Test
    void releaseWhoseBlobWasNeverUploaded() {
        byte[] bytes = component("never uploaded");
        refused(
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), Digest.sha256(bytes), bytes.length)),
                400,
                "digest-mismatch");
    }

    @Test
    void releaseDeclaringAnotherSize() {
        byte[] bytes = component("size mismatch");
        Digest content = upload(bytes);
        refused(
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length + 1)),
                400,
                "digest-mismatch");
    }

    @Test
    void uploadOverTheSizeLimitWithContentLength() {
        byte[] big = new byte[(int) MAX_BLOB_BYTES + 1];
        HttpResponse<byte[]> response = assertNothingStored(() -> putBlob(big, Digest.sha256(big), ADMIN_TOKEN));
        assertThat(assertProblem(response, 413, "payload-too-large")
                        .path("detail")
                        .asString())
                .contains(Long.toString(MAX_BLOB_BYTES));
    }

    @Test
    void chunkedUploadOverTheSizeLimitIsCut() {
        byte[] big = new byte[(int) MAX_BLOB_BYTES * 2];
        System.arraycopy(COMPONENT_PREAMBLE, 0, big, 0, COMPONENT_PREAMBLE.length);
        HttpResponse<byte[]> response =
                assertNothingStored(() -> send(HttpRequest.newBuilder(uri("/v1/blobs/" + Digest.sha256(big)))
                        .header("Content-Type", "application/octet-stream")
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))));
        assertThat(assertProblem(response, 413, "payload-too-large")
                        .path("detail")
                        .asString())
                .contains(Long.toString(MAX_BLOB_BYTES));
    }

    @Test
    void notAComponent() {
        byte[] coreModule = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        Digest content = upload(coreModule);
        refused(
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, coreModule.length)),
                400,
                "not-a-component");
        // Bytes that are not WebAssembly at all are refused at upload already (StrictnessIntegrationTest).
    }

    // ---- names and versions --------------------------------------------------------------------

    @Test
    void uppercasePackageName() {
        SignedRecord any = record(pkg, head, owner, new Entry.Deprecate(Version.parse("1.0.0"), "x"));
        assertProblem(
                assertNothingStored(() -> postJson(
                        "/v1/packages/Foo:bar/records",
                        ADMIN_TOKEN,
                        any.envelope().toJson())),
                400,
                "invalid-name");
        assertProblem(get("/v1/packages/Foo:bar"), 400, "invalid-name");
        assertProblem(
                assertNothingStored(() -> postJson(
                        "/v1/namespaces",
                        ADMIN_TOKEN,
                        Map.of(
                                "namespace",
                                "Foo",
                                "owners",
                                List.of(owner.publicKey().text())))),
                400,
                "invalid-name");
    }

    /** A payload the protocol types refuse to build, so it is written and signed by hand. */
    private byte[] handSignedRelease(String version) {
        Digest content = upload(component("hand " + version.length()));
        String payload = "{\"package\":\"" + pkg + "\",\"prev\":\"" + head + "\",\"time\":\"" + now()
                + "\",\"entries\":[{\"type\":\"release\",\"version\":\"" + version + "\",\"content\":\"" + content
                + "\",\"size\":" + component("hand " + version.length()).length + "}]}";
        return Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, payload.getBytes(StandardCharsets.UTF_8), owner)
                .toJson();
    }

    @Test
    void versionWithLeadingZero() {
        byte[] envelope = handSignedRelease("01.0.0");
        // Inside a record every field error is a malformed record; the detail names the version rule.
        assertThat(assertProblem(assertNothingStored(() -> submit(pkg, envelope, ADMIN_TOKEN)), 400, "malformed-record")
                        .path("detail")
                        .asString())
                .contains("leading zero");
    }

    @Test
    void fiveHundredCharacterPrerelease() {
        byte[] envelope = handSignedRelease("1.0.0-" + "a".repeat(500));
        assertThat(assertProblem(assertNothingStored(() -> submit(pkg, envelope, ADMIN_TOKEN)), 400, "malformed-record")
                        .path("detail")
                        .asString())
                .contains("version");
    }

    @Test
    void lookAlikePackageName() {
        PackageName original = new PackageName(namespace, "foo-bar");
        accept(original, record(original, null, owner, new Entry.Init(owner.publicKey())));
        PackageName lookAlike = new PackageName(namespace, "foobar");
        refusedFor(lookAlike, record(lookAlike, null, owner, new Entry.Init(owner.publicKey())), 409, "name-conflict");
    }

    @Test
    void lookAlikeNamespace() {
        String similar = namespace.charAt(0) + "-" + namespace.substring(1);
        HttpResponse<byte[]> response =
                assertNothingStored(() -> postJson("/v1/namespaces", ADMIN_TOKEN, claimRequest(similar, owner)));
        assertProblem(response, 409, "name-conflict");
    }

    @Test
    void namespaceAlreadyClaimed() {
        PrivateKey intruder = PrivateKey.generateEd25519();
        HttpResponse<byte[]> response =
                assertNothingStored(() -> postJson("/v1/namespaces", ADMIN_TOKEN, claimRequest(namespace, intruder)));
        assertProblem(response, 409, "conflict");
    }

    @Test
    void claimWithAnInvalidOwnerKey() {
        HttpResponse<byte[]> response = assertNothingStored(() -> postJson(
                "/v1/namespaces",
                ADMIN_TOKEN,
                Map.of("namespace", uniqueNamespace(), "owners", List.of("ed25519:not-a-key"))));
        assertProblem(response, 400, "invalid-key");
    }

    @Test
    void tokenWithAnUnknownScopeOrPattern() {
        assertProblem(
                assertNothingStored(() -> postJson("/v1/tokens", ADMIN_TOKEN, Map.of("scopes", List.of("root")))),
                400,
                "invalid-request");
        assertProblem(
                assertNothingStored(() -> postJson(
                        "/v1/tokens", ADMIN_TOKEN, Map.of("scopes", List.of("publish"), "packages", List.of("../*")))),
                400,
                "invalid-name");
    }

    private void refusedFor(PackageName target, SignedRecord record, int status, String code) {
        assertProblem(assertNothingStored(() -> submit(target, record, ADMIN_TOKEN)), status, code);
    }

    @Test
    void namespaceNotOwned() {
        PrivateKey stranger = PrivateKey.generateEd25519();
        PackageName other = new PackageName(namespace, "other");
        refusedFor(other, record(other, null, stranger, new Entry.Init(stranger.publicKey())), 403, "unauthorized");
    }

    @Test
    void namespaceNotClaimed() {
        PackageName unclaimed = new PackageName(uniqueNamespace(), "pkg");
        refusedFor(unclaimed, record(unclaimed, null, owner, new Entry.Init(owner.publicKey())), 403, "unauthorized");
    }

    @Test
    void recordForAnotherPackageThanThePath() {
        PackageName other = new PackageName(namespace, "elsewhere");
        refusedFor(
                other,
                record(pkg, head, owner, new Entry.Deprecate(Version.parse("1.0.0"), "x")),
                400,
                "wrong-package");
    }

    // ---- tokens --------------------------------------------------------------------------------

    private SignedRecord someRelease() {
        byte[] bytes = component("token tests");
        Digest content = upload(bytes);
        return record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length));
    }

    @Test
    void missingToken() {
        SignedRecord release = someRelease();
        assertProblem(assertNothingStored(() -> submit(pkg, release, null)), 401, "unauthenticated");
        byte[] bytes = component("no token blob");
        assertProblem(assertNothingStored(() -> putBlob(bytes, Digest.sha256(bytes), null)), 401, "unauthenticated");
        assertProblem(
                assertNothingStored(() -> postJson(
                        "/v1/namespaces",
                        null,
                        Map.of(
                                "namespace",
                                uniqueNamespace(),
                                "owners",
                                List.of(owner.publicKey().text())))),
                401,
                "unauthenticated");
        assertProblem(
                assertNothingStored(() -> submit(pkg, release, "wreg_NotAnIssuedToken0000000000000000000000")),
                401,
                "unauthenticated");
    }

    @Test
    void expiredToken() {
        String token = issueToken(List.of("publish"), null, null);
        jdbc.update(
                "UPDATE tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')",
                token);
        SignedRecord release = someRelease();
        assertProblem(assertNothingStored(() -> submit(pkg, release, token)), 401, "unauthenticated");
    }

    @Test
    void revokedToken() {
        HttpResponse<byte[]> issued = postJson("/v1/tokens", ADMIN_TOKEN, Map.of("scopes", List.of("publish")));
        String token = json(issued).path("token").asString();
        String id = issuedTokenId(issued);
        HttpResponse<byte[]> revoked = send(HttpRequest.newBuilder(uri("/v1/tokens/" + id))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .DELETE());
        assertThat(revoked.statusCode()).isEqualTo(204);
        SignedRecord release = someRelease();
        assertProblem(assertNothingStored(() -> submit(pkg, release, token)), 401, "unauthenticated");
    }

    @Test
    void tokenScopedToAnotherPackage() {
        String token = issueToken(List.of("publish"), List.of("elsewhere:*"), null);
        SignedRecord release = someRelease();
        assertProblem(assertNothingStored(() -> submit(pkg, release, token)), 403, "forbidden");
        String exact = issueToken(List.of("publish"), List.of(namespace + ":other"), null);
        assertProblem(assertNothingStored(() -> submit(pkg, release, exact)), 403, "forbidden");
    }

    @Test
    void tokenWithoutTheScope() {
        String yankOnly = issueToken(List.of("yank"), null, null);
        SignedRecord release = someRelease();
        assertProblem(assertNothingStored(() -> submit(pkg, release, yankOnly)), 403, "forbidden");
        assertProblem(
                assertNothingStored(() -> postJson("/v1/tokens", yankOnly, Map.of("scopes", List.of("admin")))),
                403,
                "forbidden");
    }

    // ---- malformed requests --------------------------------------------------------------------

    @Nested
    class MalformedJson {

        @Test
        void truncatedJson() {
            byte[] body = "{\"namespace\":".getBytes(StandardCharsets.UTF_8);
            assertProblem(
                    assertNothingStored(() -> postJson("/v1/namespaces", ADMIN_TOKEN, body)), 400, "invalid-json");
            assertProblem(
                    assertNothingStored(
                            () -> submit(pkg, "{\"payload\":".getBytes(StandardCharsets.UTF_8), ADMIN_TOKEN)),
                    400,
                    "invalid-envelope");
        }

        @Test
        void oversizedJson() {
            byte[] body =
                    ("{\"namespace\":\"" + "a".repeat(40_000) + "\",\"owners\":[]}").getBytes(StandardCharsets.UTF_8);
            assertProblem(
                    assertNothingStored(() -> postJson("/v1/namespaces", ADMIN_TOKEN, body)), 413, "payload-too-large");
            byte[] envelope = ("{\"payload\":\"" + "A".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertProblem(assertNothingStored(() -> submit(pkg, envelope, ADMIN_TOKEN)), 413, "payload-too-large");
            // Without a Content-Length the body is cut while it streams in.
            assertProblem(
                    assertNothingStored(() -> send(HttpRequest.newBuilder(uri("/v1/packages/" + pkg + "/records"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(envelope))))),
                    413,
                    "payload-too-large");
        }

        @Test
        void tenThousandDeepJson() {
            byte[] deep = ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
            assertProblem(
                    assertNothingStored(() -> postJson("/v1/namespaces", ADMIN_TOKEN, deep)), 400, "invalid-json");
            assertProblem(assertNothingStored(() -> postJson("/v1/tokens", ADMIN_TOKEN, deep)), 400, "invalid-json");
            byte[] deepObject =
                    ("{\"payload\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);
            assertProblem(assertNothingStored(() -> submit(pkg, deepObject, ADMIN_TOKEN)), 400, "invalid-envelope");
        }

        @Test
        void wrongContentType() {
            HttpResponse<byte[]> namespaces =
                    assertNothingStored(() -> send(HttpRequest.newBuilder(uri("/v1/namespaces"))
                            .header("Content-Type", "text/plain")
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))));
            assertProblem(namespaces, 415, "unsupported-media-type");
            HttpResponse<byte[]> records =
                    assertNothingStored(() -> send(HttpRequest.newBuilder(uri("/v1/packages/" + pkg + "/records"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString("a=b"))));
            assertProblem(records, 415, "unsupported-media-type");
            byte[] bytes = component("json blob");
            HttpResponse<byte[]> blob =
                    assertNothingStored(() -> send(HttpRequest.newBuilder(uri("/v1/blobs/" + Digest.sha256(bytes)))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))));
            assertProblem(blob, 415, "unsupported-media-type");
        }

        @Test
        void unknownPathAndWrongMethod() {
            assertProblem(get("/v1/nothing-here"), 404, "not-found");
            // A client that only accepts the bytes still gets a readable problem.
            assertProblem(
                    send(HttpRequest.newBuilder(uri("/v1/blobs/" + Digest.sha256(new byte[] {1})))
                            .header("Accept", "application/wasm")),
                    404,
                    "not-found");
            assertProblem(get("/v1/packages/" + namespace + ":missing"), 404, "not-found");
            assertProblem(send(HttpRequest.newBuilder(uri("/v1/operator")).DELETE()), 405, "method-not-allowed");
        }
    }

    // ---- path traversal ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/packages/..%2f..%2fetc%2fpasswd",
                "/v1/packages/" + "a:b%00c",
                "/v1/packages/..%2F..%2Fx:y/records",
                "/v1/namespaces/..%2fetc",
                "/v1/namespaces/a%00b",
                "/v1/blobs/..%2f..%2fetc%2fpasswd",
                "/v1/blobs/sha256:%00",
                "/v1/blobs/sha256:..%2f..%2f0000000000000000000000000000000000000000000000000000000000"
            })
    void pathTraversalInNamesAndDigests(String path) {
        HttpResponse<byte[]> response = assertNothingStored(() -> get(path));
        assertThat(response.statusCode()).as("%s → %s", path, text(response)).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void pathTraversalOnUpload() {
        byte[] bytes = component("traversal");
        HttpResponse<byte[]> response =
                assertNothingStored(() -> send(HttpRequest.newBuilder(uri("/v1/blobs/..%2f..%2ftmp%2fx"))
                        .header("Content-Type", "application/wasm")
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))));
        assertThat(response.statusCode()).isEqualTo(400);
    }
}
