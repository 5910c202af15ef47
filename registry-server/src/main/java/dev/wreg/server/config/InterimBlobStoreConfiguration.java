package dev.wreg.server.config;

import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.blobs.FilesystemBlobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Placeholder until the blob-store configuration lands: the filesystem store under the data dir. */
@Configuration(proxyBeanMethods = false)
public class InterimBlobStoreConfiguration {

    @Bean
    BlobStore blobStore(RegistryProperties properties) {
        return new FilesystemBlobStore(properties.dataDir().resolve("blobs"));
    }
}
