package dev.wreg.engine.runtime;

import static dev.wreg.engine.runtime.TestModules.I32_ADD;
import static dev.wreg.engine.runtime.TestModules.I32_CONST;
import static dev.wreg.engine.runtime.TestModules.LOCAL_GET;
import static dev.wreg.engine.runtime.TestModules.LOCAL_SET;
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

    /**
     * A module importing one function, with {@code add} (compiled) and {@code big(x) = x + 20000}, a
     * body too large for one JVM method, which the compiler leaves to the interpreter.
     */
    static byte[] withBigFunction() {
        TestModules m = new TestModules();
        int t = m.type(2, 1);
        m.importFunc("env", "nop", m.type(0, 0));
        m.func("add", t, 0, LOCAL_GET, 0, LOCAL_GET, 1, I32_ADD);
        int[] code;
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            b.writeBytes(new byte[] {LOCAL_GET, 0, I32_CONST, 1, I32_ADD, LOCAL_SET, 0});
        }
        b.writeBytes(new byte[] {LOCAL_GET, 0});
        byte[] bytes = b.toByteArray();
        code = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            code[i] = bytes[i] & 0xff;
        }
        m.func("big", m.type(1, 1), 0, code);
        return m.build();
    }

    private static Instance instance(ModuleCache.Prepared p) {
        return Instance.builder(p.module())
                .withMachineFactory(p.machine())
                .withImportValues(run.endive.runtime.ImportValues.builder()
                        .addFunction(new run.endive.runtime.HostFunction(
                                "env",
                                "nop",
                                run.endive.wasm.types.FunctionType.of(List.of(), List.of()),
                                (inst, args) -> null))
                        .build())
                .build();
    }

    @Test
    void aLoadedModuleSkipsTheBodiesOfCompiledFunctionsButKeepsInterpretedOnes(@TempDir Path root) {
        byte[] module = withBigFunction();
        ModuleCache first = new ModuleCache(8, 1 << 20);
        first.persistTo(root);
        ModuleCache.Prepared compiled = first.prepare(module, ModuleCache.Compile.ALWAYS);
        assertThat(instance(compiled).export("big").apply(1)[0]).isEqualTo(20_001);
        // Function 1 is add, function 2 big (function 0 is the import).
        assertThat(compiled.module().codeSection().getFunctionBody(0).instructions())
                .as("compiled here from the whole module")
                .hasSize(4);

        ModuleCache later = new ModuleCache(8, 1 << 20);
        later.persistTo(root);
        ModuleCache.Prepared loaded = later.prepare(module, ModuleCache.Compile.IF_CACHED);
        assertThat(later.diskStats().reads()).isOne();
        assertThat(later.stats().compilations()).isZero();
        assertThat(loaded.module().codeSection().getFunctionBody(0).instructions())
                .as("the compiled function's body is a stub")
                .hasSize(2);
        assertThat(loaded.module().codeSection().getFunctionBody(1).instructions())
                .as("the interpreted function's body is whole")
                .hasSizeGreaterThan(80_000);
        Instance i = instance(loaded);
        assertThat(i.export("add").apply(40, 2)[0]).isEqualTo(42);
        assertThat(i.export("big").apply(5)[0]).isEqualTo(20_005);

        ModuleCache interpreting = new ModuleCache(8, 1 << 20);
        interpreting.persistTo(root);
        ModuleCache.Prepared whole = interpreting.prepare(module, ModuleCache.Compile.NEVER);
        assertThat(whole.machine()).isNull();
        assertThat(instance(whole).export("add").apply(2, 2)[0])
                .as("the interpreter gets the whole module, never the stubs")
                .isEqualTo(4);
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
