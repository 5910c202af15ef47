package dev.wreg.engine.runtime;

import static dev.wreg.engine.runtime.TestModules.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.CoreInstance;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.CoreSortIndex;
import dev.wreg.engine.binary.CoreType;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.ValType;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import dev.wreg.engine.runtime.abi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hostile guests and hosts: each case must end in a {@link ComponentTrap} with a clear message,
 * poison the instance (later calls trap with "cannot enter component instance") and leave the JVM
 * fine (no OutOfMemoryError, no huge allocation).
 */
class HostileInputTest {

    // ---------------------------------------------------------------- a string/list/char lifter

    /**
     * Exports {@code str8(p, l) -> string} (utf8), {@code str16(p, l) -> string} (utf16), {@code
     * list(p, l) -> list<u32>}, {@code poke(addr, byte)} and {@code ch(c) -> char}. The core side
     * returns whatever pointer and length it is given, so the host controls what gets lifted.
     */
    private static ComponentInstance lifter() {
        TestModules m = new TestModules().memory();
        int t2to1 = m.type(2, 1);
        int t2to0 = m.type(2, 0);
        int t1to1 = m.type(1, 1);
        int t4to1 = m.type(4, 1);
        m.func("realloc", t4to1, 0, I32_CONST, 0x80, 0x08);
        m.func(
                "set", t2to1, 0, I32_CONST, 0, LOCAL_GET, 0, I32_STORE, 2, 0, I32_CONST, 0, LOCAL_GET, 1, I32_STORE, 2,
                4, I32_CONST, 0);
        m.func("poke", t2to0, 0, LOCAL_GET, 0, LOCAL_GET, 1, I32_STORE8, 0, 0);
        m.func("id", t1to1, 0, LOCAL_GET, 0);

        List<Section> s = new ArrayList<>();
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(m.build()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of()))));
        s.add(new Section.Aliases(List.of(
                coreAlias(CoreSort.MEMORY, "mem"),
                coreAlias(CoreSort.FUNC, "realloc"), // core func 0
                coreAlias(CoreSort.FUNC, "set"), // 1
                coreAlias(CoreSort.FUNC, "poke"), // 2
                coreAlias(CoreSort.FUNC, "id")))); // 3
        s.add(new Section.Types(List.of(
                new DefValType.ListType(PrimitiveType.U32), // 0
                func(List.of("p", "l"), PrimitiveType.STRING), // 1
                func(List.of("p", "l"), ValType.ref(0)), // 2
                func(List.of("a", "b"), null), // 3
                new DefType.Func(
                        false,
                        List.of(new DefType.Param("c", PrimitiveType.U32)),
                        Optional.of(PrimitiveType.CHAR))))); // 4
        List<CanonOption> utf8 =
                List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), CanonOption.StringEncoding.UTF8);
        List<CanonOption> utf16 =
                List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), CanonOption.StringEncoding.UTF16);
        s.add(new Section.Canons(List.of(
                new Canon.Lift(1, utf8, 1),
                new Canon.Lift(1, utf16, 1),
                new Canon.Lift(1, utf8, 2),
                new Canon.Lift(2, List.of(), 3),
                new Canon.Lift(3, List.of(), 4))));
        s.add(new Section.Exports(
                List.of(export("str8", 0), export("str16", 1), export("list", 2), export("poke", 3), export("ch", 4))));
        return PreparedComponent.of(dev.wreg.engine.binary.Component.of(s)).instantiate(new Linker());
    }

    private static Alias coreAlias(CoreSort sort, String name) {
        return new Alias.CoreInstanceExport(Sort.core(sort), 0, name);
    }

    private static DefType.Func func(List<String> names, ValType result) {
        List<DefType.Param> ps =
                names.stream().map(n -> new DefType.Param(n, PrimitiveType.U32)).toList();
        return new DefType.Func(false, ps, Optional.ofNullable(result));
    }

    private static Export export(String name, int func) {
        return new Export(ExternName.of(name), new SortIndex(Sort.FUNC, func), Optional.empty());
    }

    private static List<Val> u32s(long... vs) {
        List<Val> out = new ArrayList<>();
        for (long v : vs) {
            out.add(Val.u32((int) v));
        }
        return out;
    }

    private static void assertTrapsAndPoisons(ComponentInstance i, String fn, List<Val> args, String message) {
        ComponentTrap t = assertThrows(ComponentTrap.class, () -> i.call(fn, args));
        assertTrue(t.getMessage().contains(message), t.getMessage());
        assertTrue(i.poisoned().isPresent());
        ComponentTrap again = assertThrows(ComponentTrap.class, () -> i.call("ch", u32s(65)));
        assertTrue(again.getMessage().startsWith("cannot enter component instance"), again.getMessage());
    }

    @Test
    void theLifterWorksOnGoodInput() {
        ComponentInstance i = lifter();
        i.call("poke", u32s(100, 'h'));
        i.call("poke", u32s(101, 'i'));
        assertEquals(List.of(Val.string("hi")), i.call("str8", u32s(100, 2)));
        assertEquals(List.of(new Val.Char('A')), i.call("ch", u32s(65)));
        assertTrue(i.poisoned().isEmpty());
    }

    @Test
    void stringWithDeclaredLength2To28Traps() {
        assertTrapsAndPoisons(lifter(), "str8", u32s(0, 1L << 28), "out of bounds");
    }

    @Test
    void listWithDeclaredLength2To28Traps() {
        assertTrapsAndPoisons(lifter(), "list", u32s(0, 1L << 28), "out of bounds");
    }

    @Test
    void listWithMaximalLengthTrapsWithoutOverflow() {
        assertTrapsAndPoisons(lifter(), "list", u32s(0, 0xffffffffL), "out of bounds");
    }

    @Test
    void misalignedListPointerTraps() {
        assertTrapsAndPoisons(lifter(), "list", u32s(2, 1), "not aligned");
    }

    @Test
    void misalignedUtf16PointerTraps() {
        assertTrapsAndPoisons(lifter(), "str16", u32s(1, 1), "not aligned");
    }

    @Test
    void outOfBoundsPointerTraps() {
        assertTrapsAndPoisons(lifter(), "str8", u32s(65530, 10), "out of bounds");
        assertTrapsAndPoisons(lifter(), "list", u32s(0xfffffff0L, 1), "out of bounds");
    }

    @Test
    void invalidUtf8Traps() {
        ComponentInstance i = lifter();
        i.call("poke", u32s(200, 0xC3)); // a lead byte followed by an ASCII byte
        i.call("poke", u32s(201, 0x28));
        assertTrapsAndPoisons(i, "str8", u32s(200, 2), "invalid UTF-8");
    }

    @Test
    void utf8EncodedSurrogateTraps() {
        ComponentInstance i = lifter();
        i.call("poke", u32s(200, 0xED)); // U+D800 in (invalid) UTF-8
        i.call("poke", u32s(201, 0xA0));
        i.call("poke", u32s(202, 0x80));
        assertTrapsAndPoisons(i, "str8", u32s(200, 3), "invalid UTF-8");
    }

    @Test
    void unpairedUtf16SurrogateTraps() {
        ComponentInstance i = lifter();
        i.call("poke", u32s(200, 0x00));
        i.call("poke", u32s(201, 0xD8));
        assertTrapsAndPoisons(i, "str16", u32s(200, 1), "invalid UTF-16");
    }

    @Test
    void surrogateCharTraps() {
        ComponentInstance i = lifter();
        ComponentTrap t = assertThrows(ComponentTrap.class, () -> i.call("ch", u32s(0xD800)));
        assertTrue(t.getMessage().contains("not a Unicode scalar value"), t.getMessage());
        assertTrue(i.poisoned().isPresent());
    }

    // ---------------------------------------------------------------- resources

    /**
     * Imports host resource {@code r} and exports {@code drop-twice(b: borrow<r>)}, {@code
     * consume(x: own<r>)} (drops it) and {@code make-many(n: u32)} (its own resource {@code
     * counted}: {@code resource.new} n times, keeping every handle).
     */
    private static ComponentInstance resources(Linker linker) {
        TestModules m = new TestModules();
        int t1to0 = m.type(1, 0);
        int t1to1 = m.type(1, 1);
        int drop = m.importFunc("r", "drop", t1to0);
        int newCounted = m.importFunc("r", "new-counted", t1to1);
        m.func("drop-twice", t1to0, 0, LOCAL_GET, 0, CALL, drop, LOCAL_GET, 0, CALL, drop);
        m.func("consume", t1to0, 0, LOCAL_GET, 0, CALL, drop);
        // loop { if n == 0 break; new-counted(n); drop; n -= 1 }
        m.func(
                "make-many",
                t1to0,
                0,
                0x02 /* block */,
                BLOCK_VOID,
                LOOP,
                BLOCK_VOID,
                LOCAL_GET,
                0,
                0x45 /* i32.eqz */,
                BR_IF,
                1,
                LOCAL_GET,
                0,
                CALL,
                newCounted,
                DROP,
                LOCAL_GET,
                0,
                I32_CONST,
                1,
                I32_SUB,
                LOCAL_SET,
                0,
                0x0c /* br */,
                0,
                END,
                END);

        List<Section> s = new ArrayList<>();
        s.add(new Section.Imports(List.of(new Import(
                ExternName.of("r"), new ExternType.Type(new ExternType.TypeBound.SubResource()))))); // type 0
        s.add(new Section.Types(List.of(
                new DefType.Resource(CoreType.NumType.I32, Optional.empty()), // 1: counted
                new DefValType.Borrow(0), // 2
                new DefValType.Own(0), // 3
                new DefType.Func(false, List.of(new DefType.Param("b", ValType.ref(2))), Optional.empty()), // 4
                new DefType.Func(false, List.of(new DefType.Param("x", ValType.ref(3))), Optional.empty()), // 5
                new DefType.Func(false, List.of(new DefType.Param("n", PrimitiveType.U32)), Optional.empty())))); // 6
        s.add(new Section.Canons(List.of(new Canon.ResourceDrop(0), new Canon.ResourceNew(1)))); // core 0, 1
        s.add(new Section.CoreInstances(List.of(new CoreInstance.FromExports(List.of(
                new CoreInstance.Export("drop", new CoreSortIndex(CoreSort.FUNC, 0)),
                new CoreInstance.Export("new-counted", new CoreSortIndex(CoreSort.FUNC, 1))))))); // core instance 0
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(m.build()))));
        s.add(new Section.CoreInstances(
                List.of(new CoreInstance.Instantiate(0, List.of(new CoreInstance.Arg("r", 0))))));
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 1, "drop-twice"), // core 2
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 1, "consume"), // core 3
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 1, "make-many")))); // core 4
        s.add(new Section.Canons(List.of(
                new Canon.Lift(2, List.of(), 4), new Canon.Lift(3, List.of(), 5), new Canon.Lift(4, List.of(), 6))));
        s.add(new Section.Exports(List.of(export("drop-twice", 0), export("consume", 1), export("make-many", 2))));
        return PreparedComponent.of(dev.wreg.engine.binary.Component.of(s)).instantiate(linker);
    }

    @Test
    void borrowDroppedTwiceTraps() {
        Linker linker = new Linker();
        ResourceType r = linker.resource("r");
        ComponentInstance i = resources(linker);
        Val handle = new Val.Resource(new ResourceHandle(r, 7, true));
        ComponentTrap t = assertThrows(ComponentTrap.class, () -> i.call("drop-twice", List.of(handle)));
        assertTrue(t.getMessage().contains("unknown handle index"), t.getMessage());
        assertTrue(i.poisoned().isPresent());
        assertThrows(ComponentTrap.class, () -> i.call("consume", List.of(handle)));
    }

    @Test
    void ownHandleUsedAfterTransferTraps() {
        Linker linker = new Linker();
        List<Integer> destroyed = new ArrayList<>();
        ResourceType r = ResourceType.host("r", destroyed::add);
        linker.resource("r", r);
        ComponentInstance i = resources(linker);
        Val handle = new Val.Resource(new ResourceHandle(r, 9, true));
        i.call("consume", List.of(handle));
        assertEquals(List.of(9), destroyed, "dropping the last own handle runs the host destructor");
        ComponentTrap t = assertThrows(ComponentTrap.class, () -> i.call("consume", List.of(handle)));
        assertTrue(t.getMessage().contains("used after it was transferred"), t.getMessage());
    }

    @Test
    void aMillionLiveHandlesTrap() {
        Linker linker = new Linker();
        linker.resource("r");
        ComponentInstance i = resources(linker);
        ComponentTrap t = assertThrows(ComponentTrap.class, () -> i.call("make-many", u32s(1_000_001)));
        assertTrue(t.getMessage().contains("resource handle table is full (1000000 live handles)"), t.getMessage());
        assertTrue(i.poisoned().isPresent());
        ComponentTrap again = assertThrows(ComponentTrap.class, () -> i.call("make-many", u32s(1)));
        assertTrue(again.getMessage().startsWith("cannot enter component instance"), again.getMessage());
    }
}
