package dev.wreg.server.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.database.ChangeFeed;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** The package view is served from cache but never stale: entity tags follow every log change. */
class PackageStateCachingIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    ChangeFeed changes;

    @Autowired
    DataSource dataSource;

    @Autowired
    PackageStateViews views;

    @Autowired
    JsonMapper jsonMapper;

    /**
     * What another replica's commit looks like from here: a package row changed on a connection of
     * its own, not through this process's log. The trigger's notification must reach the feed and
     * drop the trusted view, which the next read checks against the database again.
     */
    @Test
    void aChangeCommittedThroughAnotherConnectionDropsTheTrustedView() throws Exception {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "elsewhere");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        release(pkg, head, owner, "0.1.0");
        List<ChangeFeed.Change> heard = new CopyOnWriteArrayList<>();
        changes.subscribe(heard::add);
        awaitUntil(() -> changes.listening(), "the change feed listens");

        // Checked once against the database, then answered from memory (a background commit, such
        // as a composition job of another test publishing, may make it check once more).
        awaitUntil(() -> views.view(pkg).trusted(), "a view answered from memory");
        try (Connection other = dataSource.getConnection();
                PreparedStatement touch =
                        other.prepareStatement("UPDATE packages SET record_count = record_count WHERE name = ?")) {
            other.setAutoCommit(true);
            touch.setString(1, pkg.toString());
            assertThat(touch.executeUpdate()).isEqualTo(1);
        }
        // The first read after the change checks with the database (untrusted); until the
        // notification arrives, reads answer from memory. (Waiting for the package's notification
        // alone raced: the release's own notification may arrive after the subscription above.)
        awaitUntil(() -> !views.view(pkg).trusted(), "the notification of the other connection's commit");
        assertThat(heard).contains(new ChangeFeed.Change.PackageChanged(pkg.toString()));
        assertThat(json(get("/v1/packages/" + pkg)).path("latest").asString()).isEqualTo("0.1.0");
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

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
        // Sent with its length (one write), not chunked, and exactly what the view serializes to.
        assertThat(first.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length));
        assertThat(first.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(first.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json(first))
                .isEqualTo(jsonMapper.readTree(
                        jsonMapper.writeValueAsBytes(views.view(pkg).view())));

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
