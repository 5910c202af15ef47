package dev.wreg.server.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The package view is served from cache but never stale: entity tags follow every log change. */
class PackageStateCachingIntegrationTest extends RegistryIntegrationTest {

    @Test
    void entityTagRevalidatesAndChangesWithEveryRecord() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "cached");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        head = release(pkg, head, owner, "0.1.0");

        HttpResponse<byte[]> first = get("/v1/packages/" + pkg);
        assertThat(first.statusCode()).isEqualTo(200);
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(json(first).path("latest").asString()).isEqualTo("0.1.0");

        HttpResponse<byte[]> revalidated = getIfNoneMatch(pkg, tag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(tag);
        assertThat(getIfNoneMatch(pkg, "\"other\", W/" + tag).statusCode()).isEqualTo(304);

        // A new release: the old tag no longer matches and the body shows it.
        release(pkg, head, owner, "0.2.0");
        HttpResponse<byte[]> afterRelease = getIfNoneMatch(pkg, tag);
        assertThat(afterRelease.statusCode()).isEqualTo(200);
        assertThat(json(afterRelease).path("latest").asString()).isEqualTo("0.2.0");
        String releaseTag = afterRelease.headers().firstValue("ETag").orElseThrow();
        assertThat(releaseTag).isNotEqualTo(tag);

        // Operator records feed key permissions, so any operator append changes the tag too.
        claim(uniqueNamespace(), PrivateKey.generateEd25519());
        HttpResponse<byte[]> afterClaim = getIfNoneMatch(pkg, releaseTag);
        assertThat(afterClaim.statusCode()).isEqualTo(200);
        assertThat(afterClaim.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(releaseTag);
        assertThat(json(afterClaim).path("latest").asString()).isEqualTo("0.2.0");
    }

    @Test
    void unknownPackageIsNotFoundEvenAfterOthersAreCached() {
        assertProblem(get("/v1/packages/" + uniqueNamespace() + ":absent"), 404, "not-found");
    }

    private Digest release(PackageName pkg, Digest head, PrivateKey owner, String version) {
        byte[] bytes = component("cached " + version);
        Digest content = upload(bytes);
        SignedRecord release =
                record(pkg, head, owner, new Entry.Release(Version.parse(version), content, bytes.length));
        return accept(pkg, release);
    }

    private HttpResponse<byte[]> getIfNoneMatch(PackageName pkg, String tag) {
        return send(HttpRequest.newBuilder(uri("/v1/packages/" + pkg)).header("If-None-Match", tag));
    }
}
