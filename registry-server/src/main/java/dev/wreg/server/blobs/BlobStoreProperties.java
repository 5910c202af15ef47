package dev.wreg.server.blobs;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code wreg.blobs.*}: which blob store the registry uses. The filesystem store lives under
 * {@code ${wreg.data-dir}/blobs}; the S3 store needs at least a bucket.
 */
@ConfigurationProperties("wreg.blobs")
public record BlobStoreProperties(
        @DefaultValue("filesystem") Type type, @DefaultValue S3 s3) {

    public enum Type {
        FILESYSTEM,
        S3
    }

    /**
     * @param endpoint for MinIO, Ceph RGW and other S3 clones; unset means AWS
     * @param pathStyle {@code http://host/bucket/key} addressing, which most clones need
     * @param accessKey static credentials; unset means the default AWS credential chain
     * @param presign serve blob downloads by redirecting to presigned URLs
     * @param presignTtl how long a presigned URL stays valid
     * @param partSize multipart part size: the memory one upload in progress holds
     */
    public record S3(
            URI endpoint,
            @DefaultValue("us-east-1") String region,
            String bucket,
            @DefaultValue("false") boolean pathStyle,
            String accessKey,
            String secretKey,
            @DefaultValue("false") boolean presign,
            @DefaultValue("15m") Duration presignTtl,
            @DefaultValue("8MB") DataSize partSize) {}
}
