package dev.wreg.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.runtime.internal.CoreEngine;
import dev.wreg.engine.runtime.internal.ModuleCache;
import dev.wreg.testsupport.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The interpreter/compiler policy, the AUTO rule and the digest-keyed module cache. */
class ExecutionPolicyTest {

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(SharedData.fixtureWasm(name));
    }

    @Test
    void compilerRunsEveryModuleCompiledAndInterpreterNone() throws Exception {
        byte[] hello = fixture("hello");
        PreparedComponent interpreted = PreparedComponent.fromBytes(hello, ExecutionPolicy.INTERPRETER);
        PreparedComponent compiled = PreparedComponent.fromBytes(hello, ExecutionPolicy.COMPILER);
        assertThat(interpreted.engineSummary()).isEqualTo(new PreparedComponent.EngineSummary(0, 4));
        assertThat(compiled.engineSummary()).isEqualTo(new PreparedComponent.EngineSummary(4, 4));
        assertThat(compiled.policy()).isEqualTo(ExecutionPolicy.COMPILER);
    }

    @Test
    void preparingTheSameModulesAgainHitsTheCacheAndCompilesNothing() throws Exception {
        byte[] kitchen = fixture("types-kitchen");
        ModuleCache cache = new ModuleCache(8, 1 << 20);
        var model = ComponentDecoder.decode(kitchen);
        CoreEngine.prepare(model, ExecutionPolicy.COMPILER, cache);
        assertThat(cache.stats())
                .extracting(ModuleCache.Stats::misses, ModuleCache.Stats::compilations)
                .containsExactly(1L, 1L);
        // A second, separately decoded copy of the same bytes: same digest, nothing parsed or compiled.
        CoreEngine again = CoreEngine.prepare(ComponentDecoder.decode(kitchen), ExecutionPolicy.COMPILER, cache);
        assertThat(cache.stats())
                .extracting(ModuleCache.Stats::hits, ModuleCache.Stats::misses, ModuleCache.Stats::compilations)
                .containsExactly(1L, 1L, 1L);
        assertThat(again.summary().compiledModules()).isOne();
    }

    @Test
    void sharedCacheServesComponentsPreparedByBytes() throws Exception {
        byte[] kitchen = fixture("types-kitchen");
        PreparedComponent.fromBytes(kitchen, ExecutionPolicy.COMPILER);
        ModuleCache.Stats before = ModuleCache.shared().stats();
        PreparedComponent second = PreparedComponent.fromBytes(kitchen, ExecutionPolicy.COMPILER);
        ModuleCache.Stats after = ModuleCache.shared().stats();
        assertThat(after.hits()).isEqualTo(before.hits() + 1);
        assertThat(after.compilations()).isEqualTo(before.compilations());
        assertThat(Invoker.invoke(second.instantiate(new Linker()), "area(rect({w: 3, h: 4}))"))
                .isEqualTo("12");
    }

    @Test
    void autoCompilesMidSizedModulesAndInterpretsSmallOnes() throws Exception {
        ModuleCache cache = new ModuleCache(16, 64 << 20);
        // types-kitchen: one hand-written module of ~2 KB of code, below the threshold.
        CoreEngine kitchen =
                CoreEngine.prepare(ComponentDecoder.decode(fixture("types-kitchen")), ExecutionPolicy.AUTO, cache);
        assertThat(kitchen.summary()).isEqualTo(new PreparedComponent.EngineSummary(0, 1));
        // hello: the C program's module is above the threshold, the adapter and the shim/fixup
        // modules below it.
        CoreEngine hello = CoreEngine.prepare(ComponentDecoder.decode(fixture("hello")), ExecutionPolicy.AUTO, cache);
        assertThat(hello.summary().compiledModules()).isBetween(1, 3);
        assertThat(hello.summary().modules()).isEqualTo(4);
        // Once a module is compiled (here by a COMPILER preparation), AUTO uses it.
        CoreEngine.prepare(ComponentDecoder.decode(fixture("types-kitchen")), ExecutionPolicy.COMPILER, cache);
        CoreEngine kitchenAgain =
                CoreEngine.prepare(ComponentDecoder.decode(fixture("types-kitchen")), ExecutionPolicy.AUTO, cache);
        assertThat(kitchenAgain.summary()).isEqualTo(new PreparedComponent.EngineSummary(1, 1));
    }

    @Test
    void theCacheIsBoundedByEntriesAndBytes() throws Exception {
        ModuleCache byEntries = new ModuleCache(1, 64 << 20);
        CoreEngine.prepare(ComponentDecoder.decode(fixture("types-kitchen")), ExecutionPolicy.INTERPRETER, byEntries);
        CoreEngine.prepare(ComponentDecoder.decode(fixture("greeter-upper")), ExecutionPolicy.INTERPRETER, byEntries);
        assertThat(byEntries.stats().entries()).isOne();
        // types-kitchen was evicted: preparing it again is a miss.
        CoreEngine.prepare(ComponentDecoder.decode(fixture("types-kitchen")), ExecutionPolicy.INTERPRETER, byEntries);
        assertThat(byEntries.stats().misses()).isEqualTo(3);

        ModuleCache byBytes = new ModuleCache(100, 1000);
        CoreEngine.prepare(ComponentDecoder.decode(fixture("hello")), ExecutionPolicy.INTERPRETER, byBytes);
        // The two big modules do not fit in 1000 bytes; at most the newest entry stays over it.
        assertThat(byBytes.stats().entries()).isLessThan(4);
    }

    @Test
    void aCompiledComponentIsSharedSafelyAcrossThreads() throws Exception {
        PreparedComponent kitchen = PreparedComponent.fromBytes(fixture("types-kitchen"), ExecutionPolicy.COMPILER);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                results.add(pool.submit(() ->
                        Invoker.invoke(kitchen.instantiate(new Linker()), "join([\"t\", \"" + n + "\"], \"-\")")));
            }
            for (int i = 0; i < 64; i++) {
                assertThat(results.get(i).get()).isEqualTo("\"t-" + i + "\"");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentPreparationsOfOneModuleCompileItOnce() throws Exception {
        byte[] kitchen = fixture("types-kitchen");
        ModuleCache cache = new ModuleCache(8, 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CoreEngine>> engines = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                engines.add(pool.submit(
                        () -> CoreEngine.prepare(ComponentDecoder.decode(kitchen), ExecutionPolicy.COMPILER, cache)));
            }
            for (Future<CoreEngine> e : engines) {
                assertThat(e.get().summary().compiledModules()).isOne();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.stats().compilations()).isOne();
        assertThat(cache.stats().misses()).isOne();
    }

    @Test
    void aModuleTheRuntimeRejectsIsATypedErrorUnderEveryPolicy() {
        // A component whose only core module has a code section cut short.
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0, 10, 3, 1, 5, 0};
        var model = dev.wreg.engine.binary.Component.of(
                List.of(new Section.CoreModuleSection(new CoreModule(Bytes.of(module)))));
        for (ExecutionPolicy p : ExecutionPolicy.values()) {
            assertThatThrownBy(() -> PreparedComponent.of(model, p))
                    .isInstanceOf(PreparedComponent.InvalidModuleException.class);
        }
    }
}
