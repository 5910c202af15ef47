package dev.wreg.engine.runtime;

import static dev.wreg.engine.runtime.TestModules.I32_ADD;
import static dev.wreg.engine.runtime.TestModules.LOCAL_GET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.runtime.internal.ModuleCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.runtime.Instance;

/**
 * Compiled modules kept on disk ({@link CompiledModuleCache}): a later cache (standing for a later
 * process) loads instead of compiling, a damaged entry is dropped and rebuilt, and processes that
 * compile the same module into one folder at the same time leave one good entry.
 */
class CompiledModuleCacheTest {

    /** A module exporting {@code add(i32, i32) -> i32}; {@code salt} makes its bytes (and digest) unique. */
    static byte[] adder(int salt) {
        TestModules m = new TestModules();
        int t = m.type(2, 1);
        m.func("add", t, 0, LOCAL_GET, 0, LOCAL_GET, 1, I32_ADD);
        m.func("salt" + salt, m.type(0, 0), 0);
        return m.build();
    }

    static long add(ModuleCache.Prepared p, int a, int b) {
        Instance i =
                Instance.builder(p.module()).withMachineFactory(p.machine()).build();
        return i.export("add").apply(a, b)[0];
    }

    private static List<Path> entries(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aLaterCacheLoadsTheCompiledModuleInsteadOfCompiling(@TempDir Path root) throws Exception {
        byte[] module = adder(1);
        ModuleCache first = new ModuleCache(8, 1 << 20);
        first.persistTo(root);
        assertThat(add(first.prepare(module, ModuleCache.Compile.ALWAYS), 2, 3)).isEqualTo(5);
        assertThat(first.stats().compilations()).isOne();
        assertThat(first.diskStats()).isEqualTo(new ModuleCache.DiskStats(0, 1, 0));
        assertThat(entries(root)).hasSize(1);

        ModuleCache later = new ModuleCache(8, 1 << 20);
        later.persistTo(root);
        ModuleCache.Prepared p = later.prepare(module, ModuleCache.Compile.ALWAYS);
        assertThat(p.machine()).isNotNull();
        assertThat(add(p, 40, 2)).isEqualTo(42);
        assertThat(later.stats().compilations()).isZero();
        assertThat(later.diskStats()).isEqualTo(new ModuleCache.DiskStats(1, 0, 0));
    }

    @Test
    void autoUsesAModuleCompiledByAnEarlierProcessWhateverItsSize(@TempDir Path root) {
        byte[] module = adder(2);
        ModuleCache first = new ModuleCache(8, 1 << 20);
        first.persistTo(root);
        first.prepare(module, ModuleCache.Compile.ALWAYS);

        ModuleCache later = new ModuleCache(8, 1 << 20);
        assertThat(later.prepare(module, ModuleCache.Compile.IF_CACHED).machine())
                .as("without the disk, AUTO interprets a module this small")
                .isNull();
        ModuleCache withDisk = new ModuleCache(8, 1 << 20);
        withDisk.persistTo(root);
        ModuleCache.Prepared p = withDisk.prepare(module, ModuleCache.Compile.IF_CACHED);
        assertThat(p.machine()).isNotNull();
        assertThat(add(p, 1, 1)).isEqualTo(2);
        assertThat(withDisk.diskStats().reads()).isOne();
    }

    @Test
    void aDamagedEntryIsIgnoredAndRebuilt(@TempDir Path root) throws Exception {
        byte[] module = adder(3);
        ModuleCache first = new ModuleCache(8, 1 << 20);
        first.persistTo(root);
        first.prepare(module, ModuleCache.Compile.ALWAYS);
        Path entry = entries(root).getFirst();
        byte[] good = Files.readAllBytes(entry);

        // One flipped byte in the middle, then a truncation, then garbage: each is rebuilt.
        List<byte[]> damages = new ArrayList<>();
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x40;
        damages.add(flipped);
        damages.add(java.util.Arrays.copyOf(good, good.length / 3));
        damages.add("not a compiled module".getBytes(StandardCharsets.UTF_8));
        for (byte[] damage : damages) {
            Files.write(entry, damage);
            ModuleCache later = new ModuleCache(8, 1 << 20);
            later.persistTo(root);
            ModuleCache.Prepared p = later.prepare(module, ModuleCache.Compile.ALWAYS);
            assertThat(add(p, 20, 22)).isEqualTo(42);
            assertThat(later.stats().compilations()).as("compiled afresh").isOne();
            assertThat(later.diskStats()).isEqualTo(new ModuleCache.DiskStats(0, 1, 1));
            ModuleCache next = new ModuleCache(8, 1 << 20);
            next.persistTo(root);
            assertThat(add(next.prepare(module, ModuleCache.Compile.ALWAYS), 1, 2))
                    .isEqualTo(3);
            assertThat(next.diskStats()).as("a good entry is back").isEqualTo(new ModuleCache.DiskStats(1, 0, 0));
        }
    }

    @Test
    void processesCompilingTheSameModuleAtOnceLeaveOneGoodEntry(@TempDir Path root) throws Exception {
        byte[] module = adder(4);
        Path moduleFile = root.resolve("adder.wasm");
        Files.write(moduleFile, module);
        Path cacheDir = root.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(new ProcessBuilder(
                            java,
                            "-Xmx128m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CompiledModuleCacheWriter.class.getName(),
                            cacheDir.toString(),
                            moduleFile.toString())
                    .redirectErrorStream(true)
                    .start());
        }
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("add(2, 3) = 5");
        }
        assertThat(entries(cacheDir)).as("one entry, no temporary files left").hasSize(1);
        ModuleCache later = new ModuleCache(8, 1 << 20);
        later.persistTo(cacheDir);
        assertThat(add(later.prepare(module, ModuleCache.Compile.ALWAYS), 7, 8)).isEqualTo(15);
        assertThat(later.stats().compilations()).isZero();
        assertThat(later.diskStats()).isEqualTo(new ModuleCache.DiskStats(1, 0, 0));
    }
}
