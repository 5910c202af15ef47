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

    protected static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
