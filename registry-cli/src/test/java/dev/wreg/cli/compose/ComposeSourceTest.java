package dev.wreg.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeSourceTest {

    private static CliEnvironment env(Path dir) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return new CliEnvironment(
                Map.of("HOME", dir.toString()), new ByteArrayInputStream(new byte[0]), sink, sink, dir, false);
    }

    @Test
    void readsReleasesDigestsAndFiles(@TempDir Path dir) throws Exception {
        CliEnvironment env = env(dir);
        assertThat(ComposeSource.parse("calc:provider@^1.1", env))
                .isInstanceOfSatisfying(ComposeSource.Release.class, r -> {
                    assertThat(r.ref().name().toString()).isEqualTo("calc:provider");
                    assertThat(r.requirement().toString()).isEqualTo("^1.1");
                });
        assertThat(ComposeSource.parse("calc:provider", env))
                .isInstanceOfSatisfying(
                        ComposeSource.Release.class,
                        r -> assertThat(r.requirement().toString()).isEqualTo("*"));
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(ComposeSource.parse(digest, env))
                .isInstanceOfSatisfying(
                        ComposeSource.Blob.class,
                        b -> assertThat(b.digest().toString()).isEqualTo(digest));
        assertThat(ComposeSource.parse("socket.wasm", env)).isInstanceOf(ComposeSource.LocalFile.class);
    }

    @Test
    void anExistingFileWinsOverARegistryReading(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("calc:provider"), new byte[] {0});
        assertThat(ComposeSource.parse("calc:provider", env(dir))).isInstanceOf(ComposeSource.LocalFile.class);
    }

    @Test
    void malformedReferencesAreUsageErrors(@TempDir Path dir) {
        for (String bad : new String[] {"sha256:abc", "calc:provider@not a requirement"}) {
            assertThatThrownBy(() -> ComposeSource.parse(bad, env(dir)))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }
}
