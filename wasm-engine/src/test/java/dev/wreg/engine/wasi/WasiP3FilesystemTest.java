package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.PreparedComponent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wasi:filesystem@0.3.0} driven by hand-built commands ({@link P3FsComponents}): a
 * preopened file read through {@code read-via-stream}, one written through {@code
 * write-via-stream}, and the refusals the 0.2 host makes too — {@code ..} above the preopen, a
 * symbolic link out of it, an absolute path, a write into a read-only grant, no grant at all.
 */
class WasiP3FilesystemTest {
    @TempDir
    Path tmp;

    private record Run(WasiRun.Outcome outcome, byte[] stdout) {
        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private Run run(byte[] component, Path dir, boolean writable) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiHost.Builder b =
                WasiHost.builder().stdout(out).limits(WasiHost.Limits.defaults().withTimeout(Duration.ofSeconds(20)));
        if (dir != null) {
            b.preopen(dir, "/data", writable);
        }
        WasiRun.Outcome o = WasiRun.runDetailed(PreparedComponent.fromBytes(component), b.build());
        WasiP3Test.assertNoFibersLeft();
        return new Run(o, out.toByteArray());
    }

    private Path grant() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("granted"));
        Files.writeString(root.resolve("hello.txt"), "hello from a preopen\n");
        Files.writeString(tmp.resolve("secret.txt"), "outside the grant\n");
        return root;
    }

    @Test
    void readsAPreopenedFileThroughAStream() throws IOException {
        Run r = run(P3FsComponents.cat("hello.txt"), grant(), false);
        assertThat(r.outcome().trap()).isNull();
        assertThat(r.outcome().exitCode()).isZero();
        assertThat(r.text()).isEqualTo("hello from a preopen\n");
    }

    @Test
    void aFileLargerThanOneChunkArrivesWhole() throws IOException {
        Path root = grant();
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7 + (i >> 9));
        }
        Files.write(root.resolve("big.bin"), big);
        Run r = run(P3FsComponents.cat("big.bin"), root, false);
        assertThat(r.outcome().exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo(big);
    }

    @Test
    void writesAFileThroughAStreamIntoAWritableGrant() throws IOException {
        Path root = grant();
        Run r = run(P3FsComponents.write("new.txt", "written by a 0.3 guest\n"), root, true);
        assertThat(r.outcome().trap()).isNull();
        assertThat(r.outcome().exitCode()).isZero();
        assertThat(Files.readString(root.resolve("new.txt"))).isEqualTo("written by a 0.3 guest\n");
    }

    @Test
    void dotDotAboveThePreopenIsRefused() throws IOException {
        Run r = run(P3FsComponents.cat("../secret.txt"), grant(), false);
        assertThat(r.outcome().exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEqualTo(P3FsComponents.refusal("not-permitted"));
    }

    @Test
    void aDotDotThatStaysInsideIsFine() throws IOException {
        Path root = grant();
        Files.createDirectories(root.resolve("sub"));
        Run r = run(P3FsComponents.cat("sub/../hello.txt"), root, false);
        assertThat(r.outcome().exitCode()).isZero();
        assertThat(r.text()).isEqualTo("hello from a preopen\n");
    }

    @Test
    void aSymbolicLinkOutOfThePreopenIsRefused() throws IOException {
        Path root = grant();
        // No skip when links cannot be made: the suite runs on Linux, where a failure here is a failure.
        Files.createSymbolicLink(root.resolve("escape.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("outside"), tmp);
        Run file = run(P3FsComponents.cat("escape.txt"), root, false);
        assertThat(file.stdout()).isEqualTo(P3FsComponents.refusal("not-permitted"));
        assertThat(file.outcome().exitCode()).isEqualTo(1);
        Run dir = run(P3FsComponents.cat("outside/secret.txt"), root, false);
        assertThat(dir.stdout()).isEqualTo(P3FsComponents.refusal("not-permitted"));
    }

    @Test
    void anAbsolutePathIsRefused() throws IOException {
        Run r = run(P3FsComponents.cat(tmp.resolve("secret.txt").toString()), grant(), false);
        assertThat(r.stdout()).isEqualTo(P3FsComponents.refusal("not-permitted"));
    }

    @Test
    void writingIntoAReadOnlyGrantIsRefusedAndNothingIsWritten() throws IOException {
        Path root = grant();
        Run r = run(P3FsComponents.write("new.txt", "should not land"), root, false);
        assertThat(r.outcome().exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEqualTo(P3FsComponents.refusal("read-only"));
        assertThat(root.resolve("new.txt")).doesNotExist();
        // Truncating an existing file is a write too.
        Run t = run(P3FsComponents.write("hello.txt", ""), root, false);
        assertThat(t.stdout()).isEqualTo(P3FsComponents.refusal("read-only"));
        assertThat(Files.readString(root.resolve("hello.txt"))).isEqualTo("hello from a preopen\n");
    }

    @Test
    void withoutAGrantTheGuestSeesNoDirectory() throws IOException {
        grant();
        Run r = run(P3FsComponents.cat("hello.txt"), null, false);
        assertThat(r.outcome().exitCode()).isEqualTo(1);
        assertThat(r.text()).isEqualTo("N");
    }

    @Test
    void aMissingFileIsNoEntry() throws IOException {
        Run r = run(P3FsComponents.cat("absent.txt"), grant(), false);
        assertThat(r.stdout()).isEqualTo(P3FsComponents.refusal("no-entry"));
    }

    @Test
    void aWriteBeyondTheFileSizeLimitEndsTheRunAtThatLimit() throws IOException {
        Path root = grant();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiHost host = WasiHost.builder()
                .stdout(out)
                .preopen(root, "/data", true)
                .limits(new WasiHost.Limits(Duration.ofSeconds(20), 1 << 20, 10, 1000))
                .build();
        assertThatThrownBy(() -> WasiRun.runDetailed(
                        PreparedComponent.fromBytes(P3FsComponents.write("big.txt", "more than ten bytes")), host))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("file-size"));
        WasiP3Test.assertNoFibersLeft();
    }
}
