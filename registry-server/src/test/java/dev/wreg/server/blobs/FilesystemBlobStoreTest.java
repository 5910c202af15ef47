package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    private FilesystemBlobStore filesystemStore;

    @Override
    protected BlobStore createStore() {
        filesystemStore = new FilesystemBlobStore(root.resolve("blobs"));
        return filesystemStore;
    }

    @Override
    protected void assertNoUploadLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(filesystemStore.tmpDir())) {
            assertThat(files).isEmpty();
        }
    }

    @Override
    protected long persistedInProgressBytes() throws IOException {
        try (Stream<Path> files = Files.list(filesystemStore.tmpDir())) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Override
    protected long maxBufferedBytes() {
        return MB;
    }

    @Test
    void blobsAreLaidOutByDigestWithATwoHexFanOut() {
        byte[] bytes = {4, 2};
        Digest digest = Digest.sha256(bytes);

        store.put(digest, new ByteArrayInputStream(bytes), 2);

        String hex = digest.hex();
        assertThat(root.resolve("blobs/sha256/" + hex.substring(0, 2) + "/" + hex))
                .hasBinaryContent(bytes);
    }

    @Test
    void staleUploadsFromACrashAreSweptOnStartButFreshOnesKept() throws IOException {
        Path stale = Files.writeString(filesystemStore.tmpDir().resolve("upload-crashed.part"), "partial");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path fresh = Files.writeString(filesystemStore.tmpDir().resolve("upload-other-replica.part"), "in flight");

        new FilesystemBlobStore(root.resolve("blobs"));

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }
}
