package dev.wreg.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Helpers the OCI tests share: packages to pull from and OCI requests. */
abstract class OciIntegrationTest extends RegistryIntegrationTest {

    /** A claimed namespace and a package in it, with its owner and current head. */
    protected final class Pkg {
        final PackageName name;
        final PrivateKey owner;
        Digest head;

        Pkg(PackageName name, PrivateKey owner, Digest head) {
            this.name = name;
            this.owner = owner;
            this.head = head;
        }

        String repository() {
            return name.namespace() + "/" + name.name();
        }

        /** Publishes {@code bytes} as {@code version} through /v1 and returns its digest. */
        Digest release(String version, byte[] bytes) {
            Digest digest = upload(bytes);
            head = accept(
                    name, record(name, head, owner, new Entry.Release(Version.parse(version), digest, bytes.length)));
            return digest;
        }

        void yank(String version) {
            head = accept(name, record(name, head, owner, new Entry.Yank(Version.parse(version), "test")));
        }

        void grantRegistryKey() {
            head = accept(name, record(name, head, owner, new Entry.Grant(registryKey(), Set.of(Permission.RELEASE))));
        }
    }

    protected Pkg newPackage(String name) {
        String namespace = uniqueNamespace();
        PrivateKey owner = PrivateKey.generateEd25519();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, name);
        return new Pkg(pkg, owner, accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey()))));
    }

    protected PublicKey registryKey() {
        return PublicKey.parse(json(get("/v1/composer")).path("key").asString());
    }

    protected HttpResponse<byte[]> oci(String method, String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    protected HttpResponse<byte[]> oci(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    protected static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("wkg:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts a distribution-spec error body with {@code code}; returns its first error. */
    protected static JsonNode assertOciError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        JsonNode error = json(response).path("errors").path(0);
        assertThat(error.path("code").asString()).as(text(response)).isEqualTo(code);
        assertThat(error.path("message").asString()).isNotBlank();
        return error;
    }

    /**
     * Uploads a blob as oci-client does: POST for a session, one PATCH per chunk with
     * {@code Content-Range: a-b}, then PUT {@code ?digest=} with no body. Returns the last answer.
     */
    protected HttpResponse<byte[]> pushBlob(String repository, String bearer, byte[] bytes, int chunks) {
        HttpResponse<byte[]> start =
                oci("POST", "/v2/" + repository + "/blobs/uploads/", new byte[0], "Authorization", "Bearer " + bearer);
        if (start.statusCode() != 202) {
            return start;
        }
        String location = header(start, "Location");
        int chunk = Math.max(1, (bytes.length + chunks - 1) / chunks);
        for (int from = 0; from < bytes.length; from += chunk) {
            int to = Math.min(bytes.length, from + chunk);
            HttpResponse<byte[]> patched = oci(
                    "PATCH",
                    location,
                    java.util.Arrays.copyOfRange(bytes, from, to),
                    "Authorization",
                    "Bearer " + bearer,
                    "Content-Range",
                    from + "-" + (to - 1),
                    "Content-Type",
                    "application/octet-stream");
            if (patched.statusCode() != 202) {
                return patched;
            }
            assertThat(header(patched, "Range")).isEqualTo("0-" + (to - 1));
            location = header(patched, "Location");
        }
        return oci(
                "PUT", location + "?digest=" + Digest.sha256(bytes), new byte[0], "Authorization", "Bearer " + bearer);
    }

    /** A push token for {@code repository} from the token endpoint, for a wreg token as the Basic password. */
    protected String pushToken(String repository, String wregToken) {
        HttpResponse<byte[]> response = get(
                "/oci/token?service=localhost:" + port + "&scope=repository:" + repository + ":pull,push",
                "Authorization",
                basic(wregToken));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return json(response).path("token").asString();
    }

    protected HttpResponse<byte[]> get(String path, String... headers) {
        return oci("GET", path, headers);
    }

    protected HttpResponse<byte[]> putManifest(String repository, String reference, String bearer, byte[] manifest) {
        return oci(
                "PUT",
                "/v2/" + repository + "/manifests/" + reference,
                manifest,
                "Authorization",
                "Bearer " + bearer,
                "Content-Type",
                dev.wreg.protocol.oci.OciMediaTypes.IMAGE_MANIFEST);
    }

    /** The config wkg 0.16 (oci-wasm 0.6) writes: serde's field order, nulls included. */
    protected static byte[] wkgConfig(Digest layer) {
        return ("{\"created\":\"2026-12-06T10:00:00.123456789Z\",\"author\":null,\"architecture\":\"wasm\","
                        + "\"os\":\"wasip2\",\"layerDigests\":[\"" + layer
                        + "\"],\"component\":{\"exports\":[],\"imports\":[],\"target\":null}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The manifest wkg 0.16 pushes (oci-client's canonical JSON: keys sorted): the Wasm config,
     * one layer titled {@code <name>.wasm}, a version annotation.
     */
    protected static byte[] wkgManifest(
            String name, String version, String configType, byte[] config, String layerType, Digest layer, long size) {
        return ("{\"annotations\":{\"org.opencontainers.image.version\":\"" + version + "\"},"
                        + "\"config\":{\"digest\":\"" + Digest.sha256(config) + "\",\"mediaType\":\"" + configType
                        + "\",\"size\":" + config.length + "},"
                        + "\"layers\":[{\"annotations\":{\"org.opencontainers.image.title\":\"" + name
                        + ".wasm\"},\"digest\":\"" + layer + "\",\"mediaType\":\"" + layerType + "\",\"size\":"
                        + size + "}],"
                        + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"schemaVersion\":2}")
                .getBytes(StandardCharsets.UTF_8);
    }

    protected static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
