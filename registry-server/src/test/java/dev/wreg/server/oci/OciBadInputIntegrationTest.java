package dev.wreg.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.oci.OciMediaTypes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bad input on /v2/: unknown names, tags and digests, malformed digests and parameters, path
 * traversal, oversized manifests, refused pushes that store nothing, uploads that expire, and
 * uploads to a namespace the token does not cover. Every refusal is the spec's JSON error.
 */
class OciBadInputIntegrationTest extends OciIntegrationTest {

    @Autowired
    UploadReaper reaper;

    @Test
    void unknownAndMalformedReferencesAreTheSpecsErrors() {
        Pkg pkg = newPackage("known");
        Digest content = pkg.release("1.0.0", component("bad input " + pkg.name));
        String repo = "/v2/" + pkg.repository();
        Digest unknown = Digest.sha256("nothing".getBytes(StandardCharsets.UTF_8));

        assertOciError(get("/v2/" + pkg.name.namespace() + "/nope/manifests/1.0.0"), 404, "NAME_UNKNOWN");
        assertOciError(get("/v2/" + pkg.name.namespace() + "/nope/tags/list"), 404, "NAME_UNKNOWN");
        assertOciError(get(repo + "/manifests/9.9.9"), 404, "MANIFEST_UNKNOWN");
        assertOciError(get(repo + "/manifests/latest"), 404, "MANIFEST_UNKNOWN");
        assertOciError(get(repo + "/manifests/" + unknown), 404, "MANIFEST_UNKNOWN");
        assertOciError(get(repo + "/blobs/" + unknown), 404, "BLOB_UNKNOWN");
        assertOciError(get(repo + "/manifests/sha256:baddigeststring"), 400, "DIGEST_INVALID");
        assertOciError(get(repo + "/blobs/sha256:XYZ"), 400, "DIGEST_INVALID");
        assertOciError(get(repo + "/blobs/md5:" + content.hex()), 400, "DIGEST_INVALID");
        assertOciError(get(repo + "/referrers/sha256:short"), 400, "DIGEST_INVALID");
        assertOciError(get(repo + "/tags/list?n=-1"), 400, "UNSUPPORTED");
        assertOciError(get(repo + "/tags/list?n=ten"), 400, "UNSUPPORTED");
        assertOciError(get(repo + "/tags/list?last=%3Cscript%3E"), 400, "UNSUPPORTED");
        assertOciError(get("/v2/_catalog?n=-1"), 400, "UNSUPPORTED");
        assertOciError(oci("DELETE", repo + "/manifests/1.0.0"), 405, "UNSUPPORTED");
        assertThat(get(repo + "/manifests/1.0.0").statusCode()).isEqualTo(200);
    }

    @Test
    void repositoryNamesOtherThanNamespaceSlashNameNeverReachStorage() {
        for (String path : List.of(
                "/v2/Upper/Case/manifests/1.0.0",
                "/v2/one-level/manifests/1.0.0",
                "/v2/a/b/c/manifests/1.0.0",
                "/v2/a/-b/blobs/sha256:" + "0".repeat(64),
                "/v2/a/b_c/tags/list")) {
            assertOciError(get(path), 400, "NAME_INVALID");
        }
        for (String path : List.of(
                "/v2/../../etc/passwd/manifests/1.0.0",
                "/v2/a/..%2F..%2Fetc/manifests/1.0.0",
                "/v2/a/%2e%2e/manifests/1.0.0",
                "/v2/a/b/../../../../etc/passwd")) {
            HttpResponse<byte[]> response = get(path);
            assertThat(response.statusCode()).as(path + ": " + text(response)).isIn(400, 404);
            assertThat(text(response)).doesNotContain("root:");
        }
    }

    @Test
    void refusedPushesStoreNothing() {
        Pkg pkg = newPackage("pushed");
        pkg.grantRegistryKey();
        String repository = pkg.repository();
        String bearer = pushToken(repository, issueToken(List.of("publish"), null, null));
        byte[] component = component("good " + pkg.name);
        Digest layer = Digest.sha256(component);
        byte[] config = wkgConfig(layer);
        assertThat(pushBlob(repository, bearer, component, 1).statusCode()).isEqualTo(201);
        assertThat(pushBlob(repository, bearer, config, 1).statusCode()).isEqualTo(201);

        // Not a component: the layer is text.
        byte[] text = "just some text, not wasm".getBytes(StandardCharsets.UTF_8);
        byte[] textConfig = wkgConfig(Digest.sha256(text));
        assertThat(pushBlob(repository, bearer, text, 1).statusCode()).isEqualTo(201);
        assertThat(pushBlob(repository, bearer, textConfig, 1).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> notComponent = assertNothingStored(() -> putManifest(
                repository,
                "1.0.0",
                bearer,
                wkgManifest(
                        "pushed",
                        "1.0.0",
                        OciMediaTypes.WASM_CONFIG,
                        textConfig,
                        OciMediaTypes.WASM_LAYER,
                        Digest.sha256(text),
                        text.length)));
        assertThat(assertOciError(notComponent, 400, "MANIFEST_INVALID")
                        .path("detail")
                        .asString())
                .isEqualTo("not-a-component");

        // A second layer.
        byte[] twoLayers = new String(
                        wkgManifest(
                                "pushed",
                                "1.0.0",
                                OciMediaTypes.WASM_CONFIG,
                                config,
                                OciMediaTypes.WASM_LAYER,
                                layer,
                                component.length),
                        StandardCharsets.UTF_8)
                .replace(
                        "\"layers\":[{",
                        "\"layers\":[{\"digest\":\"" + layer + "\",\"mediaType\":\"application/wasm\",\"size\":"
                                + component.length + "},{")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(assertOciError(
                                assertNothingStored(() -> putManifest(repository, "1.0.0", bearer, twoLayers)),
                                400,
                                "MANIFEST_INVALID")
                        .path("message")
                        .asString())
                .contains("exactly one layer");

        // A wrong config media type.
        byte[] wrongConfig = wkgManifest(
                "pushed",
                "1.0.0",
                "application/vnd.oci.image.config.v1+json",
                config,
                OciMediaTypes.WASM_LAYER,
                layer,
                component.length);
        assertThat(assertOciError(
                                assertNothingStored(() -> putManifest(repository, "1.0.0", bearer, wrongConfig)),
                                400,
                                "MANIFEST_INVALID")
                        .path("message")
                        .asString())
                .contains(OciMediaTypes.WASM_CONFIG);

        // A layer that was never uploaded.
        Digest missing = Digest.sha256("missing".getBytes(StandardCharsets.UTF_8));
        byte[] missingConfig = wkgConfig(missing);
        assertThat(pushBlob(repository, bearer, missingConfig, 1).statusCode()).isEqualTo(201);
        assertOciError(
                assertNothingStored(() -> putManifest(
                        repository,
                        "1.0.0",
                        bearer,
                        wkgManifest(
                                "pushed",
                                "1.0.0",
                                OciMediaTypes.WASM_CONFIG,
                                missingConfig,
                                OciMediaTypes.WASM_LAYER,
                                missing,
                                7))),
                404,
                "MANIFEST_BLOB_UNKNOWN");

        // A digest mismatch when closing an upload: the session is discarded.
        HttpResponse<byte[]> start =
                oci("POST", "/v2/" + repository + "/blobs/uploads/", new byte[0], "Authorization", "Bearer " + bearer);
        String location = header(start, "Location");
        oci(
                "PATCH",
                location,
                component,
                "Authorization",
                "Bearer " + bearer,
                "Content-Range",
                "0-" + (component.length - 1));
        assertOciError(
                assertNothingStored(() ->
                        oci("PUT", location + "?digest=" + missing, new byte[0], "Authorization", "Bearer " + bearer)),
                400,
                "DIGEST_INVALID");
        assertOciError(oci("GET", location, "Authorization", "Bearer " + bearer), 404, "BLOB_UPLOAD_UNKNOWN");

        // A chunk out of order.
        String other = header(
                oci("POST", "/v2/" + repository + "/blobs/uploads/", new byte[0], "Authorization", "Bearer " + bearer),
                "Location");
        assertOciError(
                oci(
                        "PATCH",
                        other,
                        component,
                        "Authorization",
                        "Bearer " + bearer,
                        "Content-Range",
                        "5-" + (component.length + 4)),
                416,
                "BLOB_UPLOAD_INVALID");

        // A manifest over 4 MB.
        byte[] huge = new byte[4 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertOciError(assertNothingStored(() -> putManifest(repository, "1.0.0", bearer, huge)), 413, "SIZE_INVALID");

        // Nothing above made a release; the good push still works.
        HttpResponse<byte[]> good = putManifest(
                repository,
                "1.0.0",
                bearer,
                wkgManifest(
                        "pushed",
                        "1.0.0",
                        OciMediaTypes.WASM_CONFIG,
                        config,
                        OciMediaTypes.WASM_LAYER,
                        layer,
                        component.length));
        assertThat(good.statusCode()).as(text(good)).isEqualTo(201);
        assertOciError(
                putManifest(
                        repository,
                        "1.0.0",
                        bearer,
                        wkgManifest(
                                "pushed",
                                "1.0.0",
                                OciMediaTypes.WASM_CONFIG,
                                config,
                                OciMediaTypes.WASM_LAYER,
                                layer,
                                component.length)),
                409,
                "DENIED");
    }

    @Test
    void pushesNeedATokenThatCoversTheNamespace() {
        Pkg pkg = newPackage("guarded");
        String repository = pkg.repository();
        HttpResponse<byte[]> anonymous = oci("POST", "/v2/" + repository + "/blobs/uploads/", new byte[0]);
        assertOciError(anonymous, 401, "UNAUTHORIZED");
        assertThat(header(anonymous, "WWW-Authenticate"))
                .endsWith(",scope=\"repository:" + repository + ":pull,push\"");

        String elsewhere = issueToken(List.of("publish"), List.of("other-ns:*"), null);
        assertOciError(
                oci(
                        "POST",
                        "/v2/" + repository + "/blobs/uploads/",
                        new byte[0],
                        "Authorization",
                        "Bearer " + elsewhere),
                403,
                "DENIED");
        // The token endpoint grants such a token pull only, so its bearer token cannot push either.
        String pullOnly = pushToken(repository, elsewhere);
        assertOciError(
                oci(
                        "POST",
                        "/v2/" + repository + "/blobs/uploads/",
                        new byte[0],
                        "Authorization",
                        "Bearer " + pullOnly),
                403,
                "DENIED");
        assertOciError(
                get(
                        "/oci/token?scope=repository:" + repository + ":push",
                        "Authorization",
                        basic("wreg_wrong0000000000000000000")),
                401,
                "UNAUTHORIZED");
    }

    @Test
    void anUploadNeverFinishedExpiresWithItsBytes() {
        Pkg pkg = newPackage("abandoned");
        String bearer = pushToken(pkg.repository(), issueToken(List.of("publish"), null, null));
        String location = header(
                oci(
                        "POST",
                        "/v2/" + pkg.repository() + "/blobs/uploads/",
                        new byte[0],
                        "Authorization",
                        "Bearer " + bearer),
                "Location");
        byte[] chunk = new byte[10_000];
        for (int start = 0; start < 2 * chunk.length; start += chunk.length) {
            HttpResponse<byte[]> patched = oci(
                    "PATCH",
                    location,
                    chunk,
                    "Authorization",
                    "Bearer " + bearer,
                    "Content-Range",
                    start + "-" + (start + chunk.length - 1));
            assertThat(patched.statusCode()).as(text(patched)).isEqualTo(202);
        }
        // Past the blob limit (64KB in these tests): refused, and the session keeps what it had.
        assertOciError(
                oci("PATCH", location, new byte[60_000], "Authorization", "Bearer " + bearer), 413, "SIZE_INVALID");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(chunks(id)).isEqualTo(2);

        reaper.reap(); // not idle long enough: kept
        assertThat(oci("GET", location, "Authorization", "Bearer " + bearer).statusCode())
                .isEqualTo(204);

        jdbc.update(
                "UPDATE oci_uploads SET updated_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minusSeconds(7200)),
                id);
        assertThat(reaper.reap()).isGreaterThanOrEqualTo(1);
        assertThat(chunks(id)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM oci_uploads WHERE id = ?", Long.class, id))
                .isZero();
        assertOciError(oci("GET", location, "Authorization", "Bearer " + bearer), 404, "BLOB_UPLOAD_UNKNOWN");
        assertOciError(
                oci("PATCH", location, new byte[] {1}, "Authorization", "Bearer " + bearer),
                404,
                "BLOB_UPLOAD_UNKNOWN");
    }

    private long chunks(String id) {
        return jdbc.queryForObject("SELECT count(*) FROM oci_upload_chunks WHERE upload_id = ?", Long.class, id);
    }
}
