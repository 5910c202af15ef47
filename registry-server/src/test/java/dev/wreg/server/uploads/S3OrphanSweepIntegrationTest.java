package dev.wreg.server.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.blobs.S3BlobStore;
import dev.wreg.server.support.RegistryIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The orphan sweeper over the S3 store: S3Proxy in this JVM on a loopback port, backed by a temp
 * directory, with the registry's PostgreSQL saying what releases reference. S3 keeps no way to date
 * an object back, so the sweep is run as of two days from now.
 */
class S3OrphanSweepIntegrationTest extends RegistryIntegrationTest {

    private static final String ACCESS_KEY = "wreg-access";
    private static final String SECRET_KEY = "wreg-secret-key-for-tests";
    private static final String BUCKET = "wreg-sweep";

    @TempDir
    static Path s3Root;

    private static S3Proxy s3Proxy;
    private static S3Client inspector;

    @Autowired
    private org.springframework.transaction.support.TransactionTemplate transaction;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        s3Proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(s3Root.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3Proxy.start();
        while (!s3Proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        inspector = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        inspector.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (inspector != null) {
            inspector.close();
        }
        if (s3Proxy != null) {
            s3Proxy.stop();
        }
    }

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + s3Proxy.getPort());
    }

    @Test
    void orphansAndAbandonedUploadsGoAndReferencedBlobsStay() {
        try (S3BlobStore store = S3BlobStore.create(new S3BlobStore.Settings(
                endpoint(),
                "us-east-1",
                BUCKET,
                true,
                ACCESS_KEY,
                SECRET_KEY,
                false,
                Duration.ofMinutes(5),
                S3BlobStore.DEFAULT_PART_SIZE))) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            OrphanSweeper sweeper = new OrphanSweeper(
                    store,
                    jdbc,
                    transaction,
                    Clock.systemUTC(),
                    new UploadsProperties(Duration.ofHours(24), Duration.ofHours(1), false),
                    meters);

            byte[] orphanBytes = component("s3 orphan");
            Digest orphan = store.put(null, new ByteArrayInputStream(orphanBytes), Long.MAX_VALUE)
                    .digest();
            // A release names this one (published through the registry, whose own store is the
            // filesystem; the reference lives in PostgreSQL either way).
            byte[] releasedBytes = component("s3 released");
            Digest released = upload(releasedBytes);
            PrivateKey owner = PrivateKey.generateEd25519();
            String namespace = uniqueNamespace();
            claim(namespace, owner);
            PackageName pkg = PackageName.parse(namespace + ":kept");
            Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
            accept(
                    pkg,
                    record(
                            pkg,
                            head,
                            owner,
                            new Entry.Release(Version.parse("1.0.0"), released, releasedBytes.length)));
            store.put(released, new ByteArrayInputStream(releasedBytes), Long.MAX_VALUE);
            // What a crashed upload leaves: a temporary object and an unfinished multipart upload.
            inspector.putObject(
                    b -> b.bucket(BUCKET).key("uploads/crashed-object"), RequestBody.fromBytes(new byte[] {1}));
            inspector.createMultipartUpload(b -> b.bucket(BUCKET).key("uploads/crashed-multipart"));

            OrphanSweeper.Sweep now = sweeper.sweep(Instant.now());
            assertThat(now.reclaimed())
                    .as("nothing is past the grace period yet")
                    .isEmpty();
            assertThat(now.abandonedUploads()).isZero();

            OrphanSweeper.Sweep later = sweeper.sweep(Instant.now().plus(Duration.ofDays(2)));
            assertThat(later.reclaimed()).containsExactly(orphan);
            assertThat(later.bytes()).isEqualTo(orphanBytes.length);
            assertThat(later.kept()).isEqualTo(1);
            assertThat(later.abandonedUploads()).isEqualTo(2);
            assertThat(store.stat(orphan)).isEmpty();
            assertThat(store.stat(released)).isPresent();
            assertThat(inspector
                            .listObjectsV2(b -> b.bucket(BUCKET).prefix("uploads/"))
                            .contents())
                    .isEmpty();
            assertThat(inspector.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
                    .isEmpty();
            assertThat(meters.get("wreg.blobs.reclaimed").counter().count()).isEqualTo(1);
            assertThat(meters.get("wreg.blobs.reclaimed.bytes").counter().count())
                    .isEqualTo(orphanBytes.length);
        }
    }
}
