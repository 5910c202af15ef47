package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} must do, run against each implementation by a subclass that only
 * says how to build a fresh store and how to look at its in-progress uploads.
 */
abstract class BlobStoreContractTest {

    static final long MB = 1024 * 1024;
    static final long NO_LIMIT = Long.MAX_VALUE;
    /** Heap growth allowed beyond the store's own buffer (HTTP client, GC bookkeeping). */
    static final long HEAP_SLACK = 16 * MB;

    protected BlobStore store;

    /** A fresh, empty store for one test. */
    protected abstract BlobStore createStore() throws Exception;

    /** Fails when an upload left a temp file, temp object or unfinished multipart upload behind. */
    protected abstract void assertNoUploadLeftovers() throws Exception;

    /** Bytes of uploads still in progress that the store already wrote out of memory. */
    protected abstract long persistedInProgressBytes() throws Exception;

    /** How many uploaded bytes the store may hold in memory before writing them out. */
    protected abstract long maxBufferedBytes();

    /** Whether concurrent puts of one blob report created=true exactly once (atomic put-if-absent). */
    protected boolean createdIsExact() {
        return true;
    }

    @BeforeEach
    void setUpStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void tearDownStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void roundTripStoresBytesUnderTheirDigest() throws IOException {
        byte[] bytes = "hello, components".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);

        StoredBlob stored = store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertThat(stored.digest().toString()).isEqualTo(digest.toString());
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(stored.created()).isTrue();
        assertThat(store.stat(digest))
                .hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(bytes.length));
        assertThat(readAll(digest, 0, -1)).isEqualTo(bytes);
    }

    @Test
    void putWithoutExpectedDigestReportsTheComputedOne() throws IOException {
        byte[] bytes = randomBytes(3000, 7);

        StoredBlob stored = store.put(null, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertThat(stored.digest().toString()).isEqualTo(Digest.sha256(bytes).toString());
        assertThat(stored.created()).isTrue();
        assertThat(readAll(stored.digest(), 0, -1)).isEqualTo(bytes);
    }

    @Test
    void emptyBlobIsABlobToo() throws IOException {
        Digest digest = Digest.sha256(new byte[0]);

        StoredBlob stored = store.put(digest, InputStream.nullInputStream(), 0);

        assertThat(stored.size()).isZero();
        assertThat(store.stat(digest))
                .hasValueSatisfying(info -> assertThat(info.size()).isZero());
        assertThat(readAll(digest, 0, -1)).isEmpty();
    }

    @Test
    void secondPutOfTheSameBlobIsIdempotent() throws Exception {
        byte[] bytes = randomBytes(10_000, 1);
        Digest digest = Digest.sha256(bytes);
        store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);

        StoredBlob again = store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);
        StoredBlob againUnannounced = store.put(null, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertThat(again.created()).isFalse();
        assertThat(again.size()).isEqualTo(bytes.length);
        assertThat(againUnannounced.created()).isFalse();
        assertThat(againUnannounced.digest().toString()).isEqualTo(digest.toString());
        assertThat(readAll(digest, 0, -1)).isEqualTo(bytes);
        assertNoUploadLeftovers();
    }

    @Test
    void digestMismatchLeavesNothingVisibleAndNoLeftovers() throws Exception {
        byte[] announced = randomBytes(5000, 2);
        byte[] sent = randomBytes(5000, 3);
        Digest expected = Digest.sha256(announced);

        assertThatThrownBy(() -> store.put(expected, new ByteArrayInputStream(sent), NO_LIMIT))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("digest-mismatch"))
                .hasMessageContaining(expected.toString())
                .hasMessageContaining(Digest.sha256(sent).toString());

        assertThat(store.stat(expected)).isEmpty();
        assertThat(store.stat(Digest.sha256(sent))).isEmpty();
        assertNoUploadLeftovers();
    }

    @Test
    void wrongBytesForAnExistingBlobAreRefusedAndTheBlobKept() throws Exception {
        byte[] bytes = randomBytes(4000, 4);
        Digest digest = Digest.sha256(bytes);
        store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertThatThrownBy(() -> store.put(digest, new ByteArrayInputStream(randomBytes(4000, 5)), NO_LIMIT))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("digest-mismatch"));

        assertThat(readAll(digest, 0, -1)).isEqualTo(bytes);
    }

    /** Below one S3 part, and past one (so an S3 multipart upload has to be aborted). */
    @ParameterizedTest
    @ValueSource(longs = {256 * 1024, 12 * MB})
    void sizeLimitStopsTheUploadMidStreamAndStoresNothing(long limit) throws Exception {
        long total = 20 * MB;
        GeneratedInputStream in = new GeneratedInputStream(total, 11);
        Digest digest = GeneratedInputStream.digestOf(total, 11);

        assertThatThrownBy(() -> store.put(digest, in, limit))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("payload-too-large"))
                .hasMessageContaining(Long.toString(limit));

        // Reading stopped right after the limit, not at the end of the stream.
        assertThat(in.served()).isGreaterThan(limit).isLessThan(limit + MB);
        assertThat(store.stat(digest)).isEmpty();
        assertNoUploadLeftovers();
    }

    @Test
    void blobOfExactlyTheLimitIsAccepted() throws IOException {
        byte[] bytes = randomBytes(1000, 6);

        StoredBlob stored = store.put(Digest.sha256(bytes), new ByteArrayInputStream(bytes), bytes.length);

        assertThat(stored.size()).isEqualTo(1000);
    }

    @Test
    void rangeReadsReturnTheRequestedSlice() throws IOException {
        byte[] bytes = randomBytes(100_000, 8);
        Digest digest = Digest.sha256(bytes);
        store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertThat(readAll(digest, 0, 10)).isEqualTo(Arrays.copyOfRange(bytes, 0, 10));
        assertThat(readAll(digest, 500, 1234)).isEqualTo(Arrays.copyOfRange(bytes, 500, 1734));
        assertThat(readAll(digest, 99_000, -1)).isEqualTo(Arrays.copyOfRange(bytes, 99_000, 100_000));
        assertThat(readAll(digest, 99_990, 1000)).isEqualTo(Arrays.copyOfRange(bytes, 99_990, 100_000));
        assertThat(readAll(digest, 99_999, 1)).isEqualTo(new byte[] {bytes[99_999]});
        assertThat(readAll(digest, 100_000, -1)).isEmpty();
        assertThat(readAll(digest, 42, 0)).isEmpty();
    }

    @Test
    void rangeStartingPastTheEndIsRefused() throws IOException {
        byte[] bytes = randomBytes(100, 9);
        Digest digest = Digest.sha256(bytes);
        store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertThatThrownBy(() -> store.open(digest, 101, -1))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("invalid-range"));
        assertThatThrownBy(() -> store.open(digest, -1, 10))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("invalid-range"));
    }

    @Test
    void unknownDigestIsNotFound() {
        Digest unknown = Digest.sha256("never stored".getBytes(StandardCharsets.UTF_8));

        assertThat(store.stat(unknown)).isEmpty();
        assertThatThrownBy(() -> store.open(unknown, 0, -1))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("not-found"));
        assertThatThrownBy(() -> store.open(unknown, 5, 10))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("not-found"));
    }

    @Test
    void concurrentPutsOfTheSameBlobAllSucceed() throws Exception {
        int writers = 4;
        long size = 3 * MB;
        Digest digest = GeneratedInputStream.digestOf(size, 21);
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Callable<StoredBlob>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            tasks.add(() -> {
                start.await(30, TimeUnit.SECONDS);
                return store.put(digest, new GeneratedInputStream(size, 21), NO_LIMIT);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<StoredBlob> results = new ArrayList<>();
        try {
            for (Future<StoredBlob> f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        long created = results.stream().filter(StoredBlob::created).count();
        if (createdIsExact()) {
            assertThat(created).isEqualTo(1);
        } else {
            assertThat(created).isBetween(1L, (long) writers);
        }
        assertThat(results).allSatisfy(r -> assertThat(r.size()).isEqualTo(size));
        assertThat(store.stat(digest))
                .hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(size));
        assertThat(digestOfStored(digest).toString()).isEqualTo(digest.toString());
        assertNoUploadLeftovers();
    }

    @Test
    void largeBlobIsStreamedNotBuffered() throws Exception {
        long size = 50 * MB;
        long probeAt = 40 * MB;
        Digest digest = GeneratedInputStream.digestOf(size, 42);
        AtomicLong persistedAtProbe = new AtomicLong(-1);
        AtomicLong heapGrowthAtProbe = new AtomicLong(-1);
        long heapBefore = usedHeapAfterGc();
        GeneratedInputStream in = new GeneratedInputStream(size, 42, probeAt, served -> {
            try {
                persistedAtProbe.set(persistedInProgressBytes());
                heapGrowthAtProbe.set(usedHeapAfterGc() - heapBefore);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        StoredBlob stored = store.put(digest, in, 100 * MB);

        assertThat(stored.size()).isEqualTo(size);
        // With 40 MB read, all but one buffer's worth must already be out of the heap: on disk or
        // in the object store, and the live heap grew by about one buffer, not by 40 MB.
        assertThat(persistedAtProbe.get()).isGreaterThanOrEqualTo(probeAt - maxBufferedBytes());
        assertThat(heapGrowthAtProbe.get()).isLessThan(maxBufferedBytes() + HEAP_SLACK);
        assertThat(digestOfStored(digest).toString()).isEqualTo(digest.toString());
        assertNoUploadLeftovers();
    }

    @Test
    void failingUploadStreamIsReportedAndLeavesNothing() throws Exception {
        long size = 12 * MB;
        Digest digest = GeneratedInputStream.digestOf(size, 13);
        InputStream breaksAfter10Mb = new FilterInputStream(new GeneratedInputStream(size, 13)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= 10 * MB) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> store.put(digest, breaksAfter10Mb, NO_LIMIT))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("upload-interrupted"))
                .hasMessageContaining("connection reset by peer");

        assertThat(store.stat(digest)).isEmpty();
        assertNoUploadLeftovers();
    }

    @Test
    void namedObjectsArePutIfAbsent() {
        byte[] first = "tile one".getBytes(StandardCharsets.UTF_8);
        byte[] second = "tile two".getBytes(StandardCharsets.UTF_8);

        store.putObject("tile/0/x001/234", first);
        store.putObject("tile/0/x001/234", second);

        assertThat(store.getObject("tile/0/x001/234"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(first));
        assertThat(store.getObject("tile/0/x001/235")).isEmpty();
        store.putObject("checkpoint.sig", new byte[0]);
        assertThat(store.getObject("checkpoint.sig"))
                .hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void replacedObjectsMoveForwardAndStayWhole() {
        byte[] first = "checkpoint 1".getBytes(StandardCharsets.UTF_8);
        byte[] second = "checkpoint 22".getBytes(StandardCharsets.UTF_8);

        store.replaceObject("log/checkpoint", first);
        assertThat(store.getObject("log/checkpoint"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(first));
        store.replaceObject("log/checkpoint", second);

        assertThat(store.getObject("log/checkpoint"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(second));
        assertThatThrownBy(() -> store.replaceObject("../x", first))
                .isInstanceOf(BlobStoreException.class)
                .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("invalid-key"));
    }

    @Test
    void anAvailableStoreSaysSo() {
        store.checkAvailable();
    }

    @Test
    void namedObjectKeysCannotEscapeTheirPlace() {
        for (String bad : List.of("../etc/passwd", "/abs", "a//b", "a/./b", "a/../b", "", "sp ace", "a/")) {
            assertThatThrownBy(() -> store.putObject(bad, new byte[] {1}), bad)
                    .isInstanceOf(BlobStoreException.class)
                    .satisfies(e -> assertThat(((BlobStoreException) e).code()).isEqualTo("invalid-key"));
        }
    }

    byte[] readAll(Digest digest, long offset, long length) throws IOException {
        try (InputStream in = store.open(digest, offset, length)) {
            return in.readAllBytes();
        }
    }

    Digest digestOfStored(Digest digest) throws IOException {
        try (InputStream in = store.open(digest, 0, -1)) {
            return DigestingCopy.copy(in, OutputStream.nullOutputStream(), NO_LIMIT)
                    .digest();
        }
    }

    /** Live heap after a full collection (System.gc() is honoured by G1 unless disabled). */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    static byte[] randomBytes(int size, long seed) {
        try (GeneratedInputStream in = new GeneratedInputStream(size, seed)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
