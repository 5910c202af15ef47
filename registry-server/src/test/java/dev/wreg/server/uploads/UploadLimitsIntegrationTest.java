package dev.wreg.server.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-namespace upload limits over HTTP (filesystem store, embedded PostgreSQL): namespace
 * {@code small} takes blobs of at most 1 KB, namespace {@code pend} lets a token hold at most 2
 * uploads that no release names (both set in {@link RegistryIntegrationTest}).
 */
class UploadLimitsIntegrationTest extends RegistryIntegrationTest {

    private HttpResponse<byte[]> putFor(String namespace, byte[] bytes, String token) {
        Digest digest = Digest.sha256(bytes);
        return send(HttpRequest.newBuilder(
                        uri("/v1/blobs/" + digest + (namespace == null ? "" : "?namespace=" + namespace)))
                .header("Content-Type", "application/wasm")
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private long uploadNotes() {
        return jdbc.queryForObject("SELECT count(*) FROM blob_uploads", Long.class);
    }

    @Test
    void aBlobOverTheNamespaceLimitIsRefusedNamingTheLimitWithNothingStored() {
        byte[] big = component("b".repeat(2000));
        long notes = uploadNotes();

        HttpResponse<byte[]> refused = assertNothingStored(() -> putFor("small", big, ADMIN_TOKEN));
        assertThat(assertProblem(refused, 413, "payload-too-large")
                        .path("detail")
                        .asString())
                .contains("namespace 'small'")
                .contains("1024 bytes")
                .contains(big.length + " bytes");
        assertThat(uploadNotes()).isEqualTo(notes);

        // Without a Content-Length the store stops reading at the namespace's limit: the same refusal.
        HttpResponse<byte[]> streamed = assertNothingStored(
                () -> send(HttpRequest.newBuilder(uri("/v1/blobs/" + Digest.sha256(big) + "?namespace=small"))
                        .header("Content-Type", "application/wasm")
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))));
        assertThat(assertProblem(streamed, 413, "payload-too-large")
                        .path("detail")
                        .asString())
                .contains("namespace 'small'")
                .contains("1024 bytes");
        assertThat(uploadNotes()).isEqualTo(notes);

        // A token limited to the namespace is held to its limit without naming it.
        String smallToken = issueToken(List.of("publish"), List.of("small:*"), null);
        assertProblem(assertNothingStored(() -> putFor(null, big, smallToken)), 413, "payload-too-large");

        // The same bytes are fine for a namespace (or no namespace) without that limit, and a
        // small blob is fine for `small`.
        assertThat(putFor(uniqueNamespace(), big, ADMIN_TOKEN).statusCode()).isEqualTo(201);
        assertThat(putFor("small", component("s"), smallToken).statusCode()).isEqualTo(201);
    }

    @Test
    void aTokenLimitedToOtherNamespacesCannotUploadForThisOne() {
        String token = issueToken(List.of("publish"), List.of("small:*"), null);
        HttpResponse<byte[]> refused = assertNothingStored(() -> putFor("pend", component("not mine"), token));
        assertThat(assertProblem(refused, 403, "forbidden").path("detail").asString())
                .contains("pend");
        assertProblem(putFor("not%20a%20label", component("x"), ADMIN_TOKEN), 400, "invalid-name");
    }

    @Test
    void pastItsPendingUploadsATokenIsRefusedUntilOneIsPublished() {
        String token = issueToken(List.of("publish"), List.of("pend:*"), null);
        byte[] first = component("pending one");
        byte[] second = component("pending two");
        byte[] third = component("pending three");
        assertThat(putFor("pend", first, token).statusCode()).isEqualTo(201);
        assertThat(putFor("pend", second, token).statusCode()).isEqualTo(201);

        long notes = uploadNotes();
        HttpResponse<byte[]> refused = assertNothingStored(() -> putFor("pend", third, token));
        assertThat(assertProblem(refused, 403, "too-many-pending-uploads")
                        .path("detail")
                        .asString())
                .contains("namespace 'pend'")
                .contains("the limit is 2");
        assertThat(uploadNotes()).isEqualTo(notes);

        // Uploading a pending blob again is no new pending upload; another token has its own count.
        assertThat(putFor("pend", first, token).statusCode()).isEqualTo(200);
        String other = issueToken(List.of("publish"), List.of("pend:*"), null);
        assertThat(putFor("pend", third, other).statusCode()).isEqualTo(201);

        // Once a release names one of them, the token may upload another.
        PrivateKey owner = PrivateKey.generateEd25519();
        claim("pend", owner);
        PackageName pkg = PackageName.parse("pend:first");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        accept(
                pkg,
                record(
                        pkg,
                        head,
                        owner,
                        new Entry.Release(Version.parse("1.0.0"), Digest.sha256(first), first.length)));
        HttpResponse<byte[]> accepted = putFor("pend", component("pending four"), token);
        assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(201);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM blob_uploads WHERE digest = ?",
                        Long.class,
                        Digest.sha256(first).toString()))
                .as("a published blob is no one's pending upload")
                .isZero();
        // …and is then at its limit again (the new one and the second are pending).
        assertProblem(putFor("pend", component("pending five"), token), 403, "too-many-pending-uploads");
    }
}
