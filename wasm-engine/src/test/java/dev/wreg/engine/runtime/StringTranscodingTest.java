package dev.wreg.engine.runtime;

import static dev.wreg.engine.runtime.TestModules.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.CoreInstance;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lowering a host string follows CanonicalABI.md's {@code store_string} with UTF-8 as the source
 * (as wasmtime's host does): the guest sees the spec's realloc calls, worst case first and then a
 * shrinking one, not a single exact-size allocation.
 */
class StringTranscodingTest {

    private static final int I32_LOAD = 0x28;
    private static final int I32_MUL = 0x6c;

    /**
     * A guest whose realloc logs each call {@code (old_ptr, old_size, align, new_size)} at 1024 +
     * 16·n (n kept at 1020) and returns 2048 + 256·n; {@code take(s: string)} stores the pointer
     * and length it receives at 100 and 104; {@code peek(addr) -> u32} reads memory.
     */
    private static ComponentInstance guest(CanonOption.StringEncoding encoding) {
        TestModules m = new TestModules().memory();
        int t4to1 = m.type(4, 1);
        int t2to0 = m.type(2, 0);
        int t1to1 = m.type(1, 1);
        m.func(
                "realloc",
                t4to1,
                2,
                // n = mem[1020]; a = 1024 + 16n
                I32_CONST,
                0xfc,
                0x07,
                I32_LOAD,
                2,
                0,
                LOCAL_SET,
                4,
                LOCAL_GET,
                4,
                I32_CONST,
                0x10,
                I32_MUL,
                I32_CONST,
                0x80,
                0x08,
                I32_ADD,
                LOCAL_SET,
                5,
                // the four arguments at a, a+4, a+8, a+12
                LOCAL_GET,
                5,
                LOCAL_GET,
                0,
                I32_STORE,
                2,
                0,
                LOCAL_GET,
                5,
                LOCAL_GET,
                1,
                I32_STORE,
                2,
                4,
                LOCAL_GET,
                5,
                LOCAL_GET,
                2,
                I32_STORE,
                2,
                8,
                LOCAL_GET,
                5,
                LOCAL_GET,
                3,
                I32_STORE,
                2,
                12,
                // mem[1020] = n + 1; return 2048 + 256n
                I32_CONST,
                0xfc,
                0x07,
                LOCAL_GET,
                4,
                I32_CONST,
                1,
                I32_ADD,
                I32_STORE,
                2,
                0,
                LOCAL_GET,
                4,
                I32_CONST,
                0x80,
                0x02,
                I32_MUL,
                I32_CONST,
                0x80,
                0x10,
                I32_ADD);
        m.func(
                "take", t2to0, 0, I32_CONST, 0xe4, 0x00, LOCAL_GET, 0, I32_STORE, 2, 0, I32_CONST, 0xe4, 0x00,
                LOCAL_GET, 1, I32_STORE, 2, 4);
        m.func("peek", t1to1, 0, LOCAL_GET, 0, I32_LOAD, 2, 0);

        List<Section> s = new ArrayList<>();
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(m.build()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of()))));
        s.add(new Section.Aliases(List.of(
                coreAlias(CoreSort.MEMORY, "mem"),
                coreAlias(CoreSort.FUNC, "realloc"), // core func 0
                coreAlias(CoreSort.FUNC, "take"), // 1
                coreAlias(CoreSort.FUNC, "peek")))); // 2
        s.add(new Section.Types(List.of(
                new DefType.Func(false, List.of(new DefType.Param("s", PrimitiveType.STRING)), Optional.empty()),
                new DefType.Func(
                        false, List.of(new DefType.Param("a", PrimitiveType.U32)), Optional.of(PrimitiveType.U32)))));
        s.add(new Section.Canons(List.of(
                new Canon.Lift(1, List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), encoding), 0),
                new Canon.Lift(2, List.of(), 1))));
        s.add(new Section.Exports(List.of(export("take", 0), export("peek", 1))));
        return PreparedComponent.of(dev.wreg.engine.binary.Component.of(s)).instantiate(new Linker());
    }

    private static Alias coreAlias(CoreSort sort, String name) {
        return new Alias.CoreInstanceExport(Sort.core(sort), 0, name);
    }

    private static Export export(String name, int func) {
        return new Export(ExternName.of(name), new SortIndex(Sort.FUNC, func), Optional.empty());
    }

    private static int peek(ComponentInstance g, int addr) {
        return ((Val.U32) g.call("peek", List.of(Val.u32(addr))).getFirst()).value();
    }

    /** The realloc calls the guest saw, each as {old_ptr, old_size, align, new_size}. */
    private static List<List<Integer>> reallocs(ComponentInstance g) {
        List<List<Integer>> out = new ArrayList<>();
        int n = peek(g, 1020);
        for (int i = 0; i < n; i++) {
            int a = 1024 + 16 * i;
            out.add(List.of(peek(g, a), peek(g, a + 4), peek(g, a + 8), peek(g, a + 12)));
        }
        return out;
    }

    @Test
    void latin1OrUtf16InflatesAtTheFirstWideCharacterThenShrinks() {
        ComponentInstance g = guest(CanonOption.StringEncoding.LATIN1_UTF16);
        g.call("take", List.of(Val.string("AΣ"))); // 3 bytes of UTF-8, 2 UTF-16 code units
        assertEquals(List.of(List.of(0, 0, 2, 3), List.of(2048, 3, 2, 6), List.of(2304, 6, 2, 4)), reallocs(g));
        assertEquals(2560, peek(g, 100));
        assertEquals(2 | (1 << 31), peek(g, 104));
        // The rest is written at the inflated allocation (the Latin-1 prefix is widened in place
        // there, from what a real realloc would have copied; this one copies nothing).
        assertEquals(0x03a3, peek(g, 2304) >>> 16); // "Σ" in UTF-16LE after the prefix
    }

    @Test
    void latin1OrUtf16ShrinksToLatin1() {
        ComponentInstance g = guest(CanonOption.StringEncoding.LATIN1_UTF16);
        g.call("take", List.of(Val.string("é!"))); // 3 bytes of UTF-8, 2 Latin-1 bytes
        assertEquals(List.of(List.of(0, 0, 2, 3), List.of(2048, 3, 2, 2)), reallocs(g));
        assertEquals(2, peek(g, 104));
    }

    @Test
    void utf16AllocatesTwiceTheUtf8LengthThenShrinks() {
        ComponentInstance g = guest(CanonOption.StringEncoding.UTF16);
        g.call("take", List.of(Val.string("aé"))); // 3 bytes of UTF-8, 2 code units
        assertEquals(List.of(List.of(0, 0, 2, 6), List.of(2048, 6, 2, 4)), reallocs(g));
        assertEquals(2304, peek(g, 100));
        assertEquals(2, peek(g, 104));
    }

    @Test
    void utf8CopiesWithOneAllocation() {
        ComponentInstance g = guest(CanonOption.StringEncoding.UTF8);
        g.call("take", List.of(Val.string("aé")));
        assertEquals(List.of(List.of(0, 0, 1, 3)), reallocs(g));
        assertEquals(3, peek(g, 104));
    }
}
