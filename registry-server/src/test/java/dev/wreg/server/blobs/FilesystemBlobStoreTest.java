package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
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
}
