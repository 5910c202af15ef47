package dev.wreg.cli.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {

    private static final Digest A = Digest.sha256(new byte[] {1});
    private static final Digest B = Digest.sha256(new byte[] {2});

    static LockFile sample() {
        return new LockFile(List.of(
                new LockFile.LockedPackage(
                        PackageName.parse("calc:provider"),
                        "http://127.0.0.1:8080",
                        List.of(new LockFile.LockedVersion(
                                "^1", "example:calc/ops", Version.parse("1.1.0"), B, 200, 7, 12))),
                new LockFile.LockedPackage(
                        PackageName.parse("calc:consumer"),
                        "http://127.0.0.1:8080",
                        List.of(new LockFile.LockedVersion("^1", null, Version.parse("1.1.0"), A, 100, 9, 12)))));
    }

    @Test
    void writesSortedWkgShapedTomlAndReadsItBack(@TempDir Path dir) throws Exception {
        LockFile lock = sample();
        assertThat(lock.packages())
                .extracting(p -> p.name().toString())
                .containsExactly("calc:consumer", "calc:provider");
        String text = lock.toToml();
        assertThat(text).isEqualTo("""
                # Written by `wreg lock`; do not edit by hand. Every release below was verified against
                # its signed record and the registry's transparency log (docs/manifest.md).
                version = 1

                [[packages]]
                name = "calc:consumer"
                registry = "http://127.0.0.1:8080"

                [[packages.versions]]
                requirement = "^1"
                version = "1.1.0"
                digest = "%s"
                size = 100
                log-index = 9
                checkpoint-size = 12

                [[packages]]
                name = "calc:provider"
                registry = "http://127.0.0.1:8080"

                [[packages.versions]]
                requirement = "^1"
                provides = "example:calc/ops"
                version = "1.1.0"
                digest = "%s"
                size = 200
                log-index = 7
                checkpoint-size = 12
                """.formatted(A, B));
        Path file = dir.resolve("wreg.lock");
        lock.write(file);
        assertThat(LockFile.read(file)).hasValue(lock);
        assertThat(LockFile.read(dir.resolve("missing.lock"))).isEmpty();
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void findsEntriesByPackageOrByInterface() {
        LockFile lock = sample();
        assertThat(lock.forPackage(PackageName.parse("calc:consumer"), "^1")).isPresent();
        assertThat(lock.forPackage(PackageName.parse("calc:consumer"), "^2")).isEmpty();
        assertThat(lock.forPackage(PackageName.parse("calc:provider"), "^1"))
                .as("an interface entry is not a package entry")
                .isEmpty();
        assertThat(lock.forInterface("example:calc/ops", "^1").orElseThrow().name())
                .isEqualTo(PackageName.parse("calc:provider"));
    }

    @Test
    void refusesLocksItCannotTrustToRead() {
        String good = sample().toToml();
        String[][] cases = {
            {good.replace("version = 1\n", "version = 2\n"), "unsupported lock file version"},
            {good.replace("log-index = 9", "log-index = -1"), "lacks a whole number log-index"},
            {good.replace("digest = \"sha256:", "digest = \"md5:"), "digest"},
            {good.replace("size = 100", "size = 100\nextra = 1"), "unknown key extra"},
            {good.replace("name = \"calc:consumer\"", "name = \"calc\""), "a package name"},
            {good + "[[", "is not valid TOML"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> LockFile.parse("wreg.lock", c[0]))
                    .as(c[1])
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining(c[1]);
        }
    }
}
