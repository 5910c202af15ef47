package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW) under {@code sha256/<hex>}.
 *
 * <p>An upload is streamed to a temporary key {@code uploads/<uuid>} (multipart, one part in
 * memory at a time) while it is hashed; only when the digest is known and checked is it copied
 * server-side to its final key, and the temporary object deleted. A crash can leave objects or
 * multipart uploads under {@code uploads/}: give the bucket a lifecycle rule that expires them
 * and aborts incomplete multipart uploads after a day. Named objects live under
 * {@code objects/<key>}.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    /** S3's smallest allowed part (except the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    /**
     * The largest object S3 copies in one CopyObject call; bigger blobs would need a multipart
     * copy, so the store refuses them like any blob over the size limit.
     */
    public static final long MAX_BLOB_SIZE = 5L * 1024 * 1024 * 1024;

    static final String BLOB_PREFIX = "sha256/";
    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{64}");
    static final String UPLOAD_PREFIX = "uploads/";
    static final String OBJECT_PREFIX = "objects/";

    /** Where and how to reach the bucket; null endpoint means AWS itself. */
    public record Settings(
            URI endpoint,
            String region,
            String bucket,
            boolean pathStyle,
            String accessKey,
            String secretKey,
            boolean presign,
            Duration presignTtl,
            int partSize) {
        public Settings {
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("wreg.blobs.s3.bucket must be set for the s3 blob store");
            }
            if (region == null || region.isBlank()) {
                region = "us-east-1";
            }
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalArgumentException(
                        "wreg.blobs.s3.access-key and secret-key must be set together (or neither, for the default AWS credential chain)");
            }
            if (presignTtl == null) {
                presignTtl = Duration.ofMinutes(15);
            }
            if (presignTtl.isNegative() || presignTtl.isZero() || presignTtl.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException(
                        "wreg.blobs.s3.presign-ttl must be between 1s and 7 days (S3's limit)");
            }
            if (partSize == 0) {
                partSize = DEFAULT_PART_SIZE;
            }
            if (partSize < MIN_PART_SIZE) {
                throw new IllegalArgumentException("S3 part size must be at least " + MIN_PART_SIZE + " bytes");
            }
        }
    }

    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final Duration presignTtl;
    private final int partSize;

    /** Takes ownership of the client and presigner (null: no presigned URLs) and closes them. */
    S3BlobStore(S3Client client, S3Presigner presigner, String bucket, Duration presignTtl, int partSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.presigner = presigner;
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.presignTtl = presignTtl;
        this.partSize = partSize;
    }

    public static S3BlobStore create(Settings settings) {
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        Region region = Region.of(settings.region());
        var clientBuilder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Only send and check checksums S3 requires: MinIO, Ceph RGW and older S3 clones
                // refuse or mishandle the SDK's default trailing CRC checksums. Integrity is ours:
                // every blob is verified against its sha256 before it becomes visible.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            clientBuilder.endpointOverride(settings.endpoint());
        }
        S3Presigner presigner = null;
        if (settings.presign()) {
            var presignerBuilder = S3Presigner.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(settings.pathStyle())
                            .build());
            if (settings.endpoint() != null) {
                presignerBuilder.endpointOverride(settings.endpoint());
            }
            presigner = presignerBuilder.build();
        }
        return new S3BlobStore(
                clientBuilder.build(), presigner, settings.bucket(), settings.presignTtl(), settings.partSize());
    }

    @Override
    public StoredBlob put(Digest expected, InputStream in, long maxBytes) {
        Objects.requireNonNull(in, "in");
        if (expected != null) {
            Optional<BlobInfo> existing = stat(expected);
            if (existing.isPresent()) {
                return DigestingCopy.verifyAgainst(existing.get(), in, maxBytes);
            }
        }
        String tempKey = UPLOAD_PREFIX + UUID.randomUUID();
        S3TempUpload upload = new S3TempUpload(client, bucket, tempKey, partSize);
        boolean tempObjectWritten = false;
        try {
            DigestingCopy.Result result = DigestingCopy.copy(in, upload, Math.min(maxBytes, MAX_BLOB_SIZE));
            upload.finish();
            tempObjectWritten = true;
            if (expected != null && !DigestingCopy.same(expected, result.digest())) {
                throw BlobStoreException.digestMismatch(expected, result.digest());
            }
            String finalKey = blobKey(result.digest());
            if (exists(finalKey)) {
                return new StoredBlob(result.digest(), result.size(), false);
            }
            // S3 has no conditional copy: two concurrent puts may both copy (identical bytes, so
            // harmless) and both report created=true.
            client.copyObject(b -> b.sourceBucket(bucket)
                    .sourceKey(tempKey)
                    .destinationBucket(bucket)
                    .destinationKey(finalKey));
            return new StoredBlob(result.digest(), result.size(), true);
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("storing a blob in bucket " + bucket + " failed", e);
        } finally {
            if (tempObjectWritten) {
                deleteQuietly(tempKey);
            } else {
                upload.abort();
            }
        }
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        try {
            long size = client.headObject(b -> b.bucket(bucket).key(blobKey(digest)))
                    .contentLength();
            return Optional.of(new BlobInfo(digest, size));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw BlobStoreException.storageUnavailable("cannot stat blob " + digest, e);
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot stat blob " + digest, e);
        }
    }

    @Override
    public InputStream open(Digest digest, long offset, long length) {
        if (offset < 0 || length < -1) {
            throw BlobStoreException.invalidRange(digest, offset, length, -1);
        }
        if (length == 0) {
            // S3 has no empty range; check the blob and the offset, then read nothing.
            BlobInfo info = stat(digest).orElseThrow(() -> BlobStoreException.notFound(digest));
            if (offset > info.size()) {
                throw BlobStoreException.invalidRange(digest, offset, length, info.size());
            }
            return InputStream.nullInputStream();
        }
        String range = offset == 0 && length == -1
                ? null
                : "bytes=" + offset + "-" + (length == -1 ? "" : Long.toString(offset + length - 1));
        try {
            return client.getObject(b -> b.bucket(bucket).key(blobKey(digest)).range(range));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw BlobStoreException.notFound(digest);
            }
            if (e.statusCode() == 416) {
                // Either the offset is exactly the size (an empty read) or past it.
                BlobInfo info = stat(digest).orElseThrow(() -> BlobStoreException.notFound(digest));
                if (offset == info.size()) {
                    return InputStream.nullInputStream();
                }
                throw BlobStoreException.invalidRange(digest, offset, length, info.size());
            }
            throw BlobStoreException.storageUnavailable("cannot read blob " + digest, e);
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot read blob " + digest, e);
        }
    }

    @Override
    public Optional<URI> presignedGet(Digest digest) {
        if (presigner == null) {
            return Optional.empty();
        }
        try {
            var presigned = presigner.presignGetObject(b -> b.signatureDuration(presignTtl)
                    .getObjectRequest(g -> g.bucket(bucket).key(blobKey(digest))));
            return Optional.of(presigned.url().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK presigned an invalid URL", e);
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot presign blob " + digest, e);
        }
    }

    @Override
    public void putObject(String key, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        String objectKey = OBJECT_PREFIX + ObjectKeys.check(key);
        try {
            if (exists(objectKey)) {
                return;
            }
            try {
                // If-None-Match makes the write itself put-if-absent where the store supports it
                // (AWS, MinIO); elsewhere two racing writers of an immutable object write the same bytes.
                client.putObject(b -> b.bucket(bucket).key(objectKey).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
            } catch (S3Exception e) {
                if (e.statusCode() == 412 || e.statusCode() == 409) {
                    return; // another writer got there first
                }
                if (e.statusCode() == 501) {
                    client.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromBytes(bytes));
                    return;
                }
                throw e;
            }
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot write object " + key, e);
        }
    }

    @Override
    public Optional<byte[]> getObject(String key) {
        String objectKey = OBJECT_PREFIX + ObjectKeys.check(key);
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey))
                    .asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw BlobStoreException.storageUnavailable("cannot read object " + key, e);
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot read object " + key, e);
        }
    }

    @Override
    public void replaceObject(String key, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        String objectKey = OBJECT_PREFIX + ObjectKeys.check(key);
        try {
            // A PUT replaces the object atomically and is durable once S3 answers.
            client.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot write object " + key, e);
        }
    }

    @Override
    public void forEachBlobWrittenBefore(Instant before, Consumer<BlobAge> action) {
        try {
            for (S3Object object : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(BLOB_PREFIX))
                    .contents()) {
                String hex = object.key().substring(BLOB_PREFIX.length());
                if (BLOB_NAME.matcher(hex).matches() && object.lastModified().isBefore(before)) {
                    action.accept(new BlobAge(Digest.parse("sha256:" + hex), object.size(), object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot list the blobs in bucket " + bucket, e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        String key = blobKey(digest);
        try {
            if (!exists(key)) {
                return false;
            }
            client.deleteObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot delete blob " + digest, e);
        }
    }

    /** Temporary objects under {@code uploads/} and multipart uploads a crashed upload left. */
    @Override
    public int removeAbandonedUploads(Instant before) {
        int removed = 0;
        try {
            for (S3Object object : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(UPLOAD_PREFIX))
                    .contents()) {
                if (object.lastModified().isBefore(before)) {
                    client.deleteObject(b -> b.bucket(bucket).key(object.key()));
                    removed++;
                }
            }
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(
                            b -> b.bucket(bucket).prefix(UPLOAD_PREFIX))
                    .uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(before)) {
                    client.abortMultipartUpload(
                            b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    removed++;
                }
            }
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("cannot clean up " + UPLOAD_PREFIX + " in bucket " + bucket, e);
        }
        return removed;
    }

    @Override
    public void checkAvailable() {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("bucket " + bucket + " cannot be reached", e);
        }
    }

    @Override
    public void close() {
        client.close();
        if (presigner != null) {
            presigner.close();
        }
    }

    static String blobKey(Digest digest) {
        return BLOB_PREFIX + digest.hex();
    }

    private boolean exists(String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void deleteQuietly(String key) {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            // Left for the bucket's lifecycle rule on uploads/.
        }
    }
}
