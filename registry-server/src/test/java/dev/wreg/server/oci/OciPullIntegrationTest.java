package dev.wreg.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.protocol.oci.Descriptor;
import dev.wreg.protocol.oci.ImageIndex;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciAnnotations;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.oci.TagList;
import dev.wreg.protocol.oci.WasmConfig;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The pull side of /v2/ against releases published through /v1: the CNCF Wasm artifact layout,
 * exact headers, deterministic manifests, ranges, tags (yanked left out), catalog, the auth
 * challenge and token endpoint, referrers with verifiable proofs, and the discovery document.
 */
class OciPullIntegrationTest extends OciIntegrationTest {

    @Test
    void pingChallengesAnonymousClientsAndTheTokenEndpointAnswersIt() {
        HttpResponse<byte[]> ping = oci("GET", "/v2/");
        assertOciError(ping, 401, "UNAUTHORIZED");
        String challenge = header(ping, "WWW-Authenticate");
        assertThat(challenge)
                .isEqualTo(
                        "Bearer realm=\"http://localhost:" + port + "/oci/token\",service=\"localhost:" + port + "\"");

        HttpResponse<byte[]> token = get("/oci/token?service=localhost:" + port + "&scope=repository:a/b:pull,push");
        assertThat(token.statusCode()).as(text(token)).isEqualTo(200);
        String bearer = json(token).path("token").asString();
        assertThat(json(token).path("access_token").asString()).isEqualTo(bearer);
        assertThat(json(token).path("expires_in").asLong()).isPositive();
        String claims = new String(Base64Url.decode(bearer.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"actions\":[\"pull\"]").doesNotContain("push");

        HttpResponse<byte[]> authenticated = oci("GET", "/v2/", "Authorization", "Bearer " + bearer);
        assertThat(authenticated.statusCode()).isEqualTo(200);
        assertOciError(oci("GET", "/v2/", "Authorization", "Bearer " + bearer + "x"), 401, "UNAUTHORIZED");
        assertOciError(
                oci("GET", "/v2/", "Authorization", "Bearer wreg_NotARealToken000000000000"), 401, "UNAUTHORIZED");
    }

    @Test
    void aReleaseIsAWasmArtifactWithExactHeadersAndTheSameBytesEveryTime() {
        Pkg pkg = newPackage("app");
        byte[] component = component("oci pull " + pkg.name);
        Digest content = pkg.release("1.0.0", component);

        HttpResponse<byte[]> response = oci("GET", "/v2/" + pkg.repository() + "/manifests/1.0.0");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(OciMediaTypes.IMAGE_MANIFEST);
        Digest digest = Digest.sha256(response.body());
        assertThat(header(response, "Docker-Content-Digest")).isEqualTo(digest.toString());
        assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(response.body().length));

        ImageManifest manifest = ImageManifest.parse(response.body());
        assertThat(manifest.mediaType()).isEqualTo(OciMediaTypes.IMAGE_MANIFEST);
        assertThat(manifest.config().mediaType()).isEqualTo(OciMediaTypes.WASM_CONFIG);
        assertThat(manifest.layers()).hasSize(1);
        Descriptor layer = manifest.layers().getFirst();
        assertThat(layer.mediaType()).isEqualTo(OciMediaTypes.WASM_LAYER);
        assertThat(layer.digest()).isEqualTo(content);
        assertThat(layer.size()).isEqualTo(component.length);
        assertThat(layer.annotations()).containsEntry(OciAnnotations.TITLE, "app.wasm");
        String created = json(get("/v1/packages/" + pkg.name))
                .path("versions")
                .path(0)
                .path("time")
                .asString();
        assertThat(manifest.annotations())
                .containsEntry(OciAnnotations.VERSION, "1.0.0")
                .containsEntry(OciAnnotations.CREATED, created);

        // Same bytes by tag again, by digest, and the same headers (no body) for HEAD.
        assertThat(oci("GET", "/v2/" + pkg.repository() + "/manifests/1.0.0").body())
                .isEqualTo(response.body());
        assertThat(oci("GET", "/v2/" + pkg.repository() + "/manifests/" + digest)
                        .body())
                .isEqualTo(response.body());
        HttpResponse<byte[]> head = oci("HEAD", "/v2/" + pkg.repository() + "/manifests/" + digest);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Docker-Content-Digest")).isEqualTo(digest.toString());
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(response.body().length));

        HttpResponse<byte[]> configResponse = oci(
                "GET", "/v2/" + pkg.repository() + "/blobs/" + manifest.config().digest());
        assertThat(configResponse.statusCode()).isEqualTo(200);
        assertThat(Digest.sha256(configResponse.body()))
                .isEqualTo(manifest.config().digest());
        WasmConfig config = WasmConfig.parse(configResponse.body());
        assertThat(config.architecture()).isEqualTo("wasm");
        assertThat(config.os()).isEqualTo("wasip2");
        assertThat(config.layerDigests()).containsExactly(content);
        assertThat(config.created().toString()).isEqualTo(created);
        assertThat(config.component()).isNotNull();

        HttpResponse<byte[]> blob = oci("GET", "/v2/" + pkg.repository() + "/blobs/" + content);
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(blob.body()).isEqualTo(component);
        assertThat(header(blob, "Docker-Content-Digest")).isEqualTo(content.toString());
    }

    @Test
    void blobRangesAreServedAndRefusedAsTheSpecSays() {
        Pkg pkg = newPackage("ranged");
        byte[] component = component("range test " + "x".repeat(2000));
        Digest content = pkg.release("1.0.0", component);
        String path = "/v2/" + pkg.repository() + "/blobs/" + content;

        HttpResponse<byte[]> middle = oci("GET", path, "Range", "bytes=500-1499");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(component, 500, 1500));
        assertThat(header(middle, "Content-Range")).isEqualTo("bytes 500-1499/" + component.length);
        HttpResponse<byte[]> suffix = oci("GET", path, "Range", "bytes=-500");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(component, component.length - 500, component.length));
        HttpResponse<byte[]> beyond =
                oci("GET", path, "Range", "bytes=" + component.length + "-" + (component.length + 10));
        assertOciError(beyond, 416, "SIZE_INVALID");
        assertThat(header(beyond, "Content-Range")).isEqualTo("bytes */" + component.length);
        assertOciError(oci("GET", path, "Range", "bytes=500-0"), 416, "SIZE_INVALID");
    }

    @Test
    void tagsListReleasesInAsciiOrderWithoutYankedOnesWhichStayPullable() {
        Pkg pkg = newPackage("tagged");
        for (String version : List.of("1.0.0", "1.10.0", "1.2.0", "2.0.0")) {
            pkg.release(version, component(pkg.name + " " + version));
        }
        pkg.yank("1.2.0");
        String tags = "/v2/" + pkg.repository() + "/tags/list";
        assertThat(TagList.parse(oci("GET", tags).body()))
                .isEqualTo(new TagList(pkg.repository(), List.of("1.0.0", "1.10.0", "2.0.0")));

        HttpResponse<byte[]> first = oci("GET", tags + "?n=2");
        assertThat(TagList.parse(first.body()).tags()).containsExactly("1.0.0", "1.10.0");
        assertThat(header(first, "Link"))
                .isEqualTo("</v2/" + pkg.repository() + "/tags/list?n=2&last=1.10.0>; rel=\"next\"");
        HttpResponse<byte[]> rest = oci("GET", tags + "?n=2&last=1.10.0");
        assertThat(TagList.parse(rest.body()).tags()).containsExactly("2.0.0");
        assertThat(header(rest, "Link")).isNull();
        assertThat(TagList.parse(oci("GET", tags + "?n=0").body()).tags()).isEmpty();

        assertThat(oci("GET", "/v2/" + pkg.repository() + "/manifests/1.2.0").statusCode())
                .isEqualTo(200);
        assertThat(json(get("/v2/_catalog")).path("repositories").toString()).contains("\"" + pkg.repository() + "\"");
    }

    @Test
    void referrersCarryTheSignedRecordAndAProofThatVerifiesAgainstTheLogKey() {
        Pkg pkg = newPackage("proven");
        byte[] component = component("proof " + pkg.name);
        Digest content = pkg.release("1.0.0", component);
        HttpResponse<byte[]> manifest = oci("GET", "/v2/" + pkg.repository() + "/manifests/1.0.0");
        Digest subject = Digest.sha256(manifest.body());

        HttpResponse<byte[]> list = oci("GET", "/v2/" + pkg.repository() + "/referrers/" + subject);
        assertThat(list.statusCode()).as(text(list)).isEqualTo(200);
        assertThat(header(list, "Content-Type")).isEqualTo(OciMediaTypes.IMAGE_INDEX);
        ImageIndex index = ImageIndex.parse(list.body());
        assertThat(index.manifests()).hasSize(1);
        Descriptor referrer = index.manifests().getFirst();
        assertThat(referrer.artifactType()).isEqualTo(OciMediaTypes.RELEASE_PROOF);

        HttpResponse<byte[]> referrerResponse =
                oci("GET", "/v2/" + pkg.repository() + "/manifests/" + referrer.digest());
        assertThat(Digest.sha256(referrerResponse.body())).isEqualTo(referrer.digest());
        ImageManifest artifact = ImageManifest.parse(referrerResponse.body());
        assertThat(artifact.subject().digest()).isEqualTo(subject);
        byte[] envelope = oci(
                        "GET",
                        "/v2/" + pkg.repository() + "/blobs/"
                                + artifact.layers().get(0).digest())
                .body();
        byte[] proofBytes = oci(
                        "GET",
                        "/v2/" + pkg.repository() + "/blobs/"
                                + artifact.layers().get(1).digest())
                .body();
        // The DSSE envelope's payload (base64) is the signed record, which names the release's bytes.
        // (Comparing the envelope's own bytes with the digest's would only check single characters.)
        String payload = new String(
                Base64.getDecoder()
                        .decode(JSON.readTree(envelope).path("payload").asString()),
                StandardCharsets.UTF_8);
        assertThat(payload).contains(content.hex());
        assertThat(new String(envelope, StandardCharsets.UTF_8)).contains("payloadType");

        VerifierKey logKey = VerifierKey.parse(text(get("/log/vkey")).strip());
        TlogProof proof = TlogProof.parse(proofBytes);
        proof.verify(MerkleHasher.leafHash(envelope), logKey); // throws if it does not verify
        // A different envelope does not verify under the same proof.
        byte[] forged = envelope.clone();
        forged[forged.length - 2] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> proof.verify(MerkleHasher.leafHash(forged), logKey))
                .isInstanceOf(RuntimeException.class);

        // An unknown subject: an empty index, never 404.
        HttpResponse<byte[]> none =
                oci("GET", "/v2/" + pkg.repository() + "/referrers/" + Digest.sha256(new byte[] {1}));
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(ImageIndex.parse(none.body()).manifests()).isEmpty();
    }

    @Test
    void theConfigListsTheComponentsImportsAndExports() throws IOException {
        Path fixture = SharedData.fixtureWasm("calc-provider-1.0.0");
        Pkg pkg = newPackage("calc");
        pkg.release("1.0.0", Files.readAllBytes(fixture));
        ImageManifest manifest = ImageManifest.parse(
                oci("GET", "/v2/" + pkg.repository() + "/manifests/1.0.0").body());
        WasmConfig config = WasmConfig.parse(oci(
                        "GET",
                        "/v2/" + pkg.repository() + "/blobs/"
                                + manifest.config().digest())
                .body());
        assertThat(config.component().exports()).containsExactly("example:calc/ops@1.0.0");
        assertThat(config.component().imports()).isEmpty();
    }

    @Test
    void theDiscoveryDocumentNamesThisRegistryForWkg() {
        HttpResponse<byte[]> response = get("/.well-known/wasm-pkg/registry.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("preferredProtocol").asString()).isEqualTo("oci");
        assertThat(body.path("oci").path("registry").asString()).isEqualTo("localhost:" + port);
        assertThat(body.path("oci").path("namespacePrefix").asString()).isEmpty();
        assertThat(body.path("ociRegistry").asString()).isEqualTo("localhost:" + port);
    }

    /** Base64url without padding, for reading a JWT's claims. */
    static final class Base64Url {
        static byte[] decode(String text) {
            return java.util.Base64.getUrlDecoder().decode(text);
        }
    }
}
