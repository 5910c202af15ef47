package dev.wreg.engine.runtime;

import static dev.wreg.engine.runtime.TestModules.I32_ADD;
import static dev.wreg.engine.runtime.TestModules.I32_CONST;
import static dev.wreg.engine.runtime.TestModules.LOCAL_GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.internal.ModuleCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;
import run.endive.wasm.InvalidException;
import run.endive.wasm.WasmModule;

/**
 * Function bodies parsed on their first run ({@code ModuleCache.prepare(…, true)}, what {@code
 * PreparedComponent.fromValidatedBytes} uses): nothing is parsed up front, a body is parsed once
 * when first run, results are those of the whole parse, Endive's validator still checks every body
 * it runs, and threads running a body for the first time at once share one parse.
 */
class BodiesOnDemandTest {
    private static final int CALL = 0x10;

    /**
     * add(a, b) = a + b (function 0), twice(a) = add(a, a) (1), sum(n) = 1 + … + n (2), and
     * unused() (3) with {@code unusedBody} (default {@code i32.const 1}). {@code salt} makes the
     * digest unique.
     */
    private static byte[] module(int salt, int... unusedBody) {
        TestModules m = new TestModules();
        int add = m.func("add", m.type(2, 1), 0, LOCAL_GET, 0, LOCAL_GET, 1, I32_ADD);
        m.func("twice", m.type(1, 1), 0, LOCAL_GET, 0, LOCAL_GET, 0, CALL, add);
        // sum(n) = n + (n - 1) + ... + 1, with a block, a loop and branches out of both: the
        // labels are resolved when the body alone is parsed, as in the parse of the whole module.
        int[] sum = {
            0x02, 0x40, // block
            0x03, 0x40, // loop
            LOCAL_GET, 0, 0x45, 0x0d, 1, // br_if 1 when n == 0
            LOCAL_GET, 1, LOCAL_GET, 0, I32_ADD, 0x21, 1, // acc += n
            LOCAL_GET, 0, I32_CONST, 1, 0x6b, 0x21, 0, // n -= 1
            0x0c, 0, // br 0
            0x0b, 0x0b, // end loop, end block
            LOCAL_GET, 1
        };
        m.func("sum", m.type(1, 1), 1, sum);
        m.func("unused" + salt, m.type(0, 1), 0, unusedBody.length == 0 ? new int[] {I32_CONST, 1} : unusedBody);
        return m.build();
    }

    private static boolean waiting(WasmModule module, int function) {
        return ModuleCache.awaitingFirstRun(module.codeSection().getFunctionBody(function));
    }

    private static Instance instance(ModuleCache.Prepared p) {
        return Instance.builder(p.module()).build();
    }

    @Test
    void aBodyIsParsedOnItsFirstRunOnlyAndGivesWhatTheWholeParseGives() {
        byte[] bytes = module(1);
        ModuleCache cache = new ModuleCache(8, 1 << 20);
        ModuleCache.Prepared lazy = cache.prepare(bytes, ModuleCache.Compile.NEVER, true);
        ModuleCache.Prepared whole = cache.prepare(bytes, ModuleCache.Compile.NEVER, false);
        assertThat(lazy.module()).isNotSameAs(whole.module());
        assertThat(lazy.module().digest()).isEqualTo(whole.module().digest());
        for (int f = 0; f < 4; f++) {
            assertThat(waiting(lazy.module(), f))
                    .as("function %d before any call", f)
                    .isTrue();
            assertThat(waiting(whole.module(), f)).isFalse();
        }

        Instance i = instance(lazy);
        assertThat(i.export("twice").apply(21)[0]).isEqualTo(42);
        assertThat(waiting(lazy.module(), 0)).as("add, called by twice").isFalse();
        assertThat(waiting(lazy.module(), 1)).as("twice").isFalse();
        assertThat(waiting(lazy.module(), 2)).as("sum, not run").isTrue();
        assertThat(waiting(lazy.module(), 3)).as("unused").isTrue();

        assertThat(i.export("sum").apply(10)[0]).isEqualTo(55);
        assertThat(instance(whole).export("sum").apply(10)[0]).isEqualTo(55);
        assertThat(lazy.module().codeSection().getFunctionBody(2).instructions())
                .isEqualTo(whole.module().codeSection().getFunctionBody(2).instructions());
        assertThat(waiting(lazy.module(), 3)).isTrue();

        // A second preparation on demand is the cached module, bodies parsed so far included.
        assertThat(cache.prepare(bytes, ModuleCache.Compile.NEVER, true).module())
                .isSameAs(lazy.module());
    }

    @Test
    void aBodyEndiveRefusesFailsItsFirstRunInsteadOfThePreparation() {
        // i32.add on an empty stack: Endive's validator refuses it.
        byte[] bytes = module(2, I32_ADD);
        assertThatThrownBy(() -> new ModuleCache(8, 1 << 20).prepare(bytes, ModuleCache.Compile.NEVER, false))
                .isInstanceOf(InvalidException.class);

        ModuleCache.Prepared lazy = new ModuleCache(8, 1 << 20).prepare(bytes, ModuleCache.Compile.NEVER, true);
        Instance i = instance(lazy);
        assertThat(i.export("add").apply(2, 3)[0]).isEqualTo(5);
        assertThatThrownBy(() -> i.export("unused2").apply()).isInstanceOf(InvalidException.class);
        // It stays refused: the failed parse is not taken for a body.
        assertThatThrownBy(() -> i.export("unused2").apply()).isInstanceOf(InvalidException.class);
        assertThat(i.export("twice").apply(4)[0]).isEqualTo(8);
    }

    @Test
    void threadsRunningABodyForTheFirstTimeAtOnceShareOneParse() throws Exception {
        byte[] bytes = module(3);
        ModuleCache.Prepared lazy = new ModuleCache(8, 1 << 20).prepare(bytes, ModuleCache.Compile.NEVER, true);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                Instance i = instance(lazy);
                results.add(pool.submit(() -> {
                    start.await();
                    return new long[] {
                        i.export("twice").apply(n)[0], i.export("sum").apply(n)[0]
                    };
                }));
            }
            long parsedBefore = ModuleCache.bodiesParsedOnDemand().bodies();
            start.countDown();
            for (int t = 0; t < threads; t++) {
                assertThat(results.get(t).get()).containsExactly(2L * t, (long) t * (t + 1) / 2);
            }
            // add, twice and sum, once each (test classes run one after the other).
            assertThat(ModuleCache.bodiesParsedOnDemand().bodies() - parsedBefore)
                    .isEqualTo(3);
            assertThat(waiting(lazy.module(), 0)).isFalse();
            assertThat(waiting(lazy.module(), 3)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
