package dev.wreg.bench;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.CoreInstance;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.ValType;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A component whose guest does no work on the data it is given: {@code echo-bytes(list<u8>) ->
 * list<u8>} and {@code echo-string(string) -> string} both hand back the pointer and length they
 * were lowered with, so a call measures the canonical ABI alone (lowering the argument into guest
 * memory, lifting the result out). {@code echo-string-utf16} and {@code echo-string-latin1-utf16}
 * do the same with the guest's strings in UTF-16 and latin1+utf16. The realloc never moves what it
 * reallocates, so through those two only ASCII strings (whose transcoding makes no second realloc
 * call) come back intact. Its core module is assembled here (no fixture exports a
 * {@code list<u8>} function, and the build has no WAT tool): a bump allocator as {@code realloc}
 * and a {@code post-return} that resets it, so one instance serves any number of calls.
 */
final class EchoComponent {
    private EchoComponent() {}

    /** Where the bump allocator starts; below it sit the return area (8..15). */
    private static final int HEAP_BASE = 1024;

    static dev.wreg.engine.binary.Component build() {
        List<Section> s = List.of(
                new Section.CoreModuleSection(new CoreModule(Bytes.of(coreModule()))),
                new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of()))),
                new Section.Aliases(List.of(
                        new Alias.CoreInstanceExport(Sort.core(CoreSort.MEMORY), 0, "memory"),
                        new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "realloc"), // core func 0
                        new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "echo"), // 1
                        new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "reset"))), // 2
                new Section.Types(List.of(
                        new DefValType.ListType(PrimitiveType.U8), // 0
                        new DefType.Func(
                                false, List.of(new DefType.Param("b", ValType.ref(0))), Optional.of(ValType.ref(0))),
                        new DefType.Func(
                                false,
                                List.of(new DefType.Param("s", PrimitiveType.STRING)),
                                Optional.of(PrimitiveType.STRING)))), // 2
                new Section.Canons(List.of(
                        new Canon.Lift(1, options(CanonOption.StringEncoding.UTF8), 1), // func 0
                        new Canon.Lift(1, options(CanonOption.StringEncoding.UTF8), 2), // func 1
                        new Canon.Lift(1, options(CanonOption.StringEncoding.UTF16), 2), // func 2
                        new Canon.Lift(1, options(CanonOption.StringEncoding.LATIN1_UTF16), 2))), // func 3
                new Section.Exports(List.of(
                        new Export(ExternName.of("echo-bytes"), new SortIndex(Sort.FUNC, 0), Optional.empty()),
                        new Export(ExternName.of("echo-string"), new SortIndex(Sort.FUNC, 1), Optional.empty()),
                        new Export(ExternName.of("echo-string-utf16"), new SortIndex(Sort.FUNC, 2), Optional.empty()),
                        new Export(
                                ExternName.of("echo-string-latin1-utf16"),
                                new SortIndex(Sort.FUNC, 3),
                                Optional.empty()))));
        return dev.wreg.engine.binary.Component.of(s);
    }

    private static List<CanonOption> options(CanonOption.StringEncoding encoding) {
        return List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), new CanonOption.PostReturn(2), encoding);
    }

    private static final int I32 = 0x7f;

    /**
     * (memory (export "memory") 64) (global $bump (mut i32) (i32.const 1024)); realloc grows the
     * memory when the bump passes its end; echo stores (ptr, len) at 8 and returns 8; reset puts
     * the bump back.
     */
    private static byte[] coreModule() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        // types: 0 = (i32 i32 i32 i32) -> i32, 1 = (i32 i32) -> i32, 2 = (i32) -> ()
        section(
                m,
                1,
                vec(
                        bytes(0x60, 4, I32, I32, I32, I32, 1, I32),
                        bytes(0x60, 2, I32, I32, 1, I32),
                        bytes(0x60, 1, I32, 0)));
        section(m, 3, vec(bytes(0), bytes(1), bytes(2)));
        section(m, 5, vec(bytes(0x00, 64))); // 64 pages (4 MiB), no maximum
        ByteArrayOutputStream global = new ByteArrayOutputStream();
        global.writeBytes(bytes(I32, 1, 0x41));
        sleb(global, HEAP_BASE);
        global.write(0x0b);
        section(m, 6, vec(global.toByteArray()));
        section(
                m,
                7,
                vec(
                        export("memory", 0x02, 0),
                        export("realloc", 0x00, 0),
                        export("echo", 0x00, 1),
                        export("reset", 0x00, 2)));
        // realloc(old, oldSize, align, newSize): bump = align_up(bump, align); p = bump; bump += newSize;
        // grow to cover bump; return p. (The local 4 holds p.)
        byte[] realloc = body(
                1,
                0x23,
                0,
                0x20,
                2,
                0x6a,
                0x41,
                1,
                0x6b, // bump + align - 1
                0x41,
                0,
                0x20,
                2,
                0x6b,
                0x71, // & -align
                0x22,
                4, // local.tee p
                0x20,
                3,
                0x6a,
                0x24,
                0, // bump = p + newSize
                // while (bump > memory.size * 65536) memory.grow(...)
                0x02,
                0x40,
                0x03,
                0x40,
                0x23,
                0,
                0x3f,
                0,
                0x41,
                16,
                0x74,
                0x4d,
                0x0d,
                1, // br_if 1 when bump <= size << 16 (unsigned)
                0x41,
                16,
                0x40,
                0,
                0x41,
                0x7f,
                0x46,
                0x04,
                0x40,
                0x00,
                0x0b, // grow 16 pages; -1 traps
                0x0c,
                0,
                0x0b,
                0x0b,
                0x20,
                4);
        byte[] echo = body(0, 0x41, 8, 0x20, 0, 0x36, 2, 0, 0x41, 8, 0x20, 1, 0x36, 2, 4, 0x41, 8);
        ByteArrayOutputStream reset = new ByteArrayOutputStream();
        reset.writeBytes(bytes(0, 0x41));
        sleb(reset, HEAP_BASE);
        reset.writeBytes(bytes(0x24, 0, 0x0b));
        section(m, 10, vec(sized(realloc), sized(echo), sized(reset.toByteArray())));
        return m.toByteArray();
    }

    private static byte[] body(int extraI32Locals, int... code) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (extraI32Locals > 0) {
            b.writeBytes(bytes(1, extraI32Locals, I32));
        } else {
            b.write(0);
        }
        for (int c : code) {
            b.write(c);
        }
        b.write(0x0b);
        return b.toByteArray();
    }

    private static byte[] export(String name, int kind, int index) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(name.length());
        b.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.write(kind);
        b.write(index);
        return b.toByteArray();
    }

    private static byte[] sized(byte[] content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        uleb(b, content.length);
        b.writeBytes(content);
        return b.toByteArray();
    }

    private static byte[] vec(byte[]... items) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        uleb(b, items.length);
        for (byte[] i : items) {
            b.writeBytes(i);
        }
        return b.toByteArray();
    }

    private static void section(ByteArrayOutputStream m, int id, byte[] content) {
        m.write(id);
        uleb(m, content.length);
        m.writeBytes(content);
    }

    private static byte[] bytes(int... bs) {
        byte[] out = new byte[bs.length];
        for (int i = 0; i < bs.length; i++) {
            out[i] = (byte) bs[i];
        }
        return out;
    }

    private static void uleb(ByteArrayOutputStream b, long v) {
        do {
            int x = (int) (v & 0x7f);
            v >>>= 7;
            b.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
    }

    private static void sleb(ByteArrayOutputStream b, long v) {
        boolean more = true;
        while (more) {
            int x = (int) (v & 0x7f);
            v >>= 7;
            more = !((v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0));
            b.write(more ? x | 0x80 : x);
        }
    }
}
