package dev.wreg.server.blobs;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the one {@link BlobStore} the registry uses from {@code wreg.blobs.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BlobStoreProperties.class)
public class BlobStoreConfiguration {

    /** S3BlobStore is AutoCloseable, so Spring closes its HTTP client on shutdown. */
    @Bean
    public BlobStore blobStore(BlobStoreProperties properties, @Value("${wreg.data-dir:./wreg-data}") String dataDir) {
        return switch (properties.type()) {
            case FILESYSTEM -> new FilesystemBlobStore(Path.of(dataDir).resolve("blobs"));
            case S3 -> S3BlobStore.create(s3Settings(properties.s3()));
        };
    }

    static S3BlobStore.Settings s3Settings(BlobStoreProperties.S3 s3) {
        long partSize = s3.partSize().toBytes();
        if (partSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("wreg.blobs.s3.part-size must be below 2 GB");
        }
        return new S3BlobStore.Settings(
                s3.endpoint(),
                blankToNull(s3.region()),
                blankToNull(s3.bucket()),
                s3.pathStyle(),
                blankToNull(s3.accessKey()),
                blankToNull(s3.secretKey()),
                s3.presign(),
                s3.presignTtl(),
                (int) partSize);
    }

    /** An environment variable set to "" means unset, not an empty credential. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
