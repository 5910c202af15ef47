package dev.wreg.server.blobs;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An output stream that writes one S3 object of unknown length with bounded memory: it fills a
 * part-sized buffer and ships each full buffer as a multipart-upload part, so at most one part is
 * held at a time. An object that fits in one part is sent with a single PutObject instead.
 * Not thread-safe; one upload per instance.
 */
final class S3TempUpload extends OutputStream {

    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final byte[] part;
    private int filled;
    private String uploadId;
    private final List<CompletedPart> completedParts = new ArrayList<>();
    private boolean finished;

    S3TempUpload(S3Client client, String bucket, String key, int partSize) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.part = new byte[partSize];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, part.length - filled);
            System.arraycopy(bytes, off, part, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == part.length) {
                shipPart();
            }
        }
    }

    /** Makes the object whole in the bucket; before this, nothing is readable under the key. */
    void finish() {
        try {
            if (uploadId == null) {
                client.putObject(
                        b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE).contentLength((long) filled), body());
            } else {
                if (filled > 0) {
                    shipPart();
                }
                client.completeMultipartUpload(b ->
                        b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(completedParts)));
            }
            finished = true;
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable("uploading to s3://" + bucket + "/" + key + " failed", e);
        }
    }

    /** Drops the parts of an upload that did not finish; best effort, a bucket lifecycle rule backs it up. */
    void abort() {
        if (uploadId != null && !finished) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                // An orphaned multipart upload costs storage until the bucket's abort rule runs.
            }
        }
    }

    private void shipPart() {
        try {
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(
                                b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE))
                        .uploadId();
            }
            int partNumber = completedParts.size() + 1;
            String eTag = client.uploadPart(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(partNumber)
                                    .contentLength((long) filled),
                            body())
                    .eTag();
            completedParts.add(
                    CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
            filled = 0;
        } catch (SdkException e) {
            throw BlobStoreException.storageUnavailable(
                    "uploading a part to s3://" + bucket + "/" + key + " failed", e);
        }
    }

    /** The buffered bytes without copying them (RequestBody.fromBytes would copy the whole part). */
    private RequestBody body() {
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, CONTENT_TYPE);
    }
}
