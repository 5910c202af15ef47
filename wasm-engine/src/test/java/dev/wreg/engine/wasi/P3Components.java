package dev.wreg.engine.wasi;

import static dev.wreg.engine.wasi.ComponentTypeDecls.def;
import static dev.wreg.engine.wasi.ComponentTypeDecls.fn;
import static dev.wreg.engine.wasi.ComponentTypeDecls.ref;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.binary.CoreInstance;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.CoreSortIndex;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Instance;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hand-built WASI 0.3 components, encoded by our own {@link ComponentEncoder}. Each exports
 * {@code wasi:cli/run@0.3.0} ({@code run: async func() -> result}, lifted {@code async} with a
 * callback) and imports the 0.3.0 interfaces it uses with their WIT signatures; {@code
 * error-code} is declared in each instance type (WIT has it {@code use}d from {@code
 * wasi:cli/types}; the structure is the same).
 */
final class P3Components {
    private P3Components() {}

    static final String GREETING = "hello from wasi 0.3\n";

    /** A guest body: the run function's code, given the import indices of {@link #command}. */
    interface Body {
        void emit(CoreAsm asm, Imports h);
    }

    /** Core function indices of the lowered imports and built-ins, in module "h". */
    record Imports(
            int writeViaStream,
            int readViaStream,
            int streamNew,
            int streamRead,
            int streamWrite,
            int dropReadable,
            int dropWritable,
            int waitableSetNew,
            int waitableSetWait,
            int waitableJoin,
            int taskReturn,
            int waitFor,
            int subtaskCancel,
            int getArguments,
            int futureNew,
            int futureRead) {}

    /** error-code (0), its export (1), stream<u8> (2), result<_, error-code> (3), future<3> (4). */
    private static List<TypeDecl> stdioPrelude() {
        return new ArrayList<>(List.of(
                def(new DefValType.EnumType(List.of("io", "illegal-byte-sequence", "pipe"))),
                new TypeDecl.ExportDecl(
                        ExternName.of("error-code"), new ExternType.Type(new ExternType.TypeBound.Eq(0))),
                def(new DefValType.StreamType(Optional.of(PrimitiveType.U8))),
                def(new DefValType.ResultType(Optional.empty(), Optional.of(ref(1)))),
                def(new DefValType.FutureType(Optional.of(ref(3))))));
    }

    /** The echo command: writes {@link #GREETING}, then copies stdin to stdout until stdin ends. */
    static byte[] echo() {
        return command(P3Components::echoBody);
    }

    /**
     * A command whose {@code run} is {@code body}; it can call every import in {@link Imports}.
     * Memory: 16..24 event payloads, 100.. the greeting, 200.. return areas, 1024..5120 a buffer.
     */
    static byte[] command(Body body) {
        List<Section> s = new ArrayList<>();
        // type 0: wasi:cli/stdout@0.3.0
        List<TypeDecl> stdout = stdioPrelude();
        stdout.add(def(fn(false, Optional.of(ref(4)), "data", ref(2))));
        stdout.add(new TypeDecl.ExportDecl(ExternName.of("write-via-stream"), new ExternType.Func(5)));
        // type 1: wasi:cli/stdin@0.3.0
        List<TypeDecl> stdin = stdioPrelude();
        stdin.add(def(new DefValType.TupleType(List.of(ref(2), ref(4)))));
        stdin.add(def(fn(false, Optional.of(ref(5)))));
        stdin.add(new TypeDecl.ExportDecl(ExternName.of("read-via-stream"), new ExternType.Func(6)));
        // type 2: wasi:clocks/monotonic-clock@0.3.0 (wait-for only)
        List<TypeDecl> clock = List.of(
                def(fn(true, Optional.empty(), "how-long", PrimitiveType.U64)),
                new TypeDecl.ExportDecl(ExternName.of("wait-for"), new ExternType.Func(0)));
        // type 3: wasi:cli/environment@0.3.0 (get-arguments only)
        List<TypeDecl> env = List.of(
                def(new DefValType.ListType(PrimitiveType.STRING)),
                def(fn(false, Optional.of(ref(0)))),
                new TypeDecl.ExportDecl(ExternName.of("get-arguments"), new ExternType.Func(1)));
        s.add(new Section.Types(List.of(
                new DefType.InstanceType(stdout),
                new DefType.InstanceType(stdin),
                new DefType.InstanceType(clock),
                new DefType.InstanceType(env))));
        s.add(new Section.Imports(List.of(
                new Import(ExternName.of("wasi:cli/stdout@0.3.0"), new ExternType.Instance(0)),
                new Import(ExternName.of("wasi:cli/stdin@0.3.0"), new ExternType.Instance(1)),
                new Import(ExternName.of("wasi:clocks/monotonic-clock@0.3.0"), new ExternType.Instance(2)),
                new Import(ExternName.of("wasi:cli/environment@0.3.0"), new ExternType.Instance(3)))));
        s.add(new Section.Aliases(List.of(
                new Alias.InstanceExport(Sort.Kind.FUNC, 0, "write-via-stream"), // func 0
                new Alias.InstanceExport(Sort.Kind.FUNC, 1, "read-via-stream"), // func 1
                new Alias.InstanceExport(Sort.Kind.FUNC, 2, "wait-for"), // func 2
                new Alias.InstanceExport(Sort.Kind.FUNC, 3, "get-arguments")))); // func 3
        // Component types 4: stream<u8>, 5: result, 6: async func() -> result, 7: future.
        s.add(new Section.Types(List.of(
                new DefValType.StreamType(Optional.of(PrimitiveType.U8)),
                new DefValType.ResultType(Optional.empty(), Optional.empty()),
                fn(true, Optional.of(ref(5))),
                new DefValType.FutureType(Optional.empty()))));
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(HttpComponents.memoryModule()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of())))); // core instance 0
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.MEMORY), 0, "memory"), // core memory 0
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "realloc")))); // core func 0
        List<CanonOption> mem =
                List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), CanonOption.StringEncoding.UTF8);
        List<CanonOption> asyncMem = List.of(new CanonOption.Async(), new CanonOption.Memory(0));
        String[] names = {
            "write-via-stream",
            "read-via-stream",
            "stream.new",
            "stream.read",
            "stream.write",
            "stream.drop-readable",
            "stream.drop-writable",
            "waitable-set.new",
            "waitable-set.wait",
            "waitable.join",
            "task.return",
            "wait-for",
            "subtask.cancel",
            "get-arguments",
            "future.new",
            "future.read",
        };
        s.add(new Section.Canons(List.of(
                new Canon.Lower(0, mem), // core func 1
                new Canon.Lower(1, mem), // 2
                new Canon.StreamNew(4), // 3
                new Canon.StreamRead(4, asyncMem), // 4
                new Canon.StreamWrite(4, asyncMem), // 5
                new Canon.StreamDropReadable(4), // 6
                new Canon.StreamDropWritable(4), // 7
                new Canon.WaitableSetNew(), // 8
                new Canon.WaitableSetWait(false, 0), // 9
                new Canon.WaitableJoin(), // 10
                new Canon.TaskReturn(Optional.of(ref(5)), List.of()), // 11
                new Canon.Lower(2, List.of(new CanonOption.Async(), new CanonOption.Memory(0))), // 12
                new Canon.SubtaskCancel(false), // 13
                new Canon.Lower(3, mem), // 14
                new Canon.FutureNew(7), // 15
                new Canon.FutureRead(7, asyncMem)))); // 16
        List<CoreInstance.Export> h = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            h.add(new CoreInstance.Export(names[i], new CoreSortIndex(CoreSort.FUNC, i + 1)));
        }
        s.add(new Section.CoreInstances(List.of(new CoreInstance.FromExports(h)))); // core instance 1
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(mainModule(names, body)))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(
                1, List.of(new CoreInstance.Arg("env", 0), new CoreInstance.Arg("h", 1)))))); // core instance 2
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "run"), // core func 17
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "cb")))); // core func 18
        s.add(new Section.Canons(List.of(
                new Canon.Lift(17, List.of(new CanonOption.Async(), new CanonOption.Callback(18)), 6)))); // func 4
        s.add(new Section.Instances(List.of(new Instance.FromExports(List.of(
                new Instance.InlineExport(ExternName.of("run"), new SortIndex(Sort.Kind.FUNC, 4))))))); // instance 4
        s.add(new Section.Exports(List.of(new Export(
                ExternName.of("wasi:cli/run@0.3.0"), new SortIndex(Sort.Kind.INSTANCE, 4), Optional.empty()))));
        return ComponentEncoder.encode(dev.wreg.engine.binary.Component.of(s));
    }

    private static byte[] mainModule(String[] names, Body body) {
        CoreAsm m = new CoreAsm();
        int tI_I = m.type(CoreAsm.of(CoreAsm.I32), CoreAsm.of(CoreAsm.I32));
        int tI_V = m.type(CoreAsm.of(CoreAsm.I32), CoreAsm.of());
        int tV_L = m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I64));
        int tIII_I = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32, CoreAsm.I32), CoreAsm.of(CoreAsm.I32));
        int tV_I = m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32));
        int tII_I = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32), CoreAsm.of(CoreAsm.I32));
        int tII_V = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32), CoreAsm.of());
        int tL_I = m.type(CoreAsm.of(CoreAsm.I64), CoreAsm.of(CoreAsm.I32));
        int[] types = {
            tI_I, tI_V, tV_L, tIII_I, tIII_I, tI_V, tI_V, tV_I, tII_I, tII_V, tI_V, tL_I, tI_I, tI_V, tV_L, tII_I
        };
        m.importMemory("env", "memory", 1);
        int[] f = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            f[i] = m.importFunc("h", names[i], types[i]);
        }
        Imports imports = new Imports(
                f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15]);
        m.data(100, GREETING);
        body.emit(m, imports);
        // cb: the run functions exit from their first call, so the callback is never called.
        int cb = m.func(tIII_I, 0, 0, new CoreAsm.Code().unreachable());
        m.exportFunc("cb", cb);
        return m.build();
    }

    /**
     * {@code $await (param $w i32) (result i32)}: waits for the copy or call on waitable {@code w}
     * and returns the event's payload: a new waitable set, {@code waitable.join}, {@code
     * waitable-set.wait} (payload at 20), leave the set.
     */
    static int await(CoreAsm m, Imports h) {
        int t = m.type(CoreAsm.of(CoreAsm.I32), CoreAsm.of(CoreAsm.I32));
        return m.func(
                t,
                1,
                0,
                new CoreAsm.Code()
                        .call(h.waitableSetNew())
                        .set(1)
                        .get(0)
                        .get(1)
                        .call(h.waitableJoin())
                        .get(1)
                        .i32(16)
                        .call(h.waitableSetWait())
                        .drop()
                        .get(0)
                        .i32(0)
                        .call(h.waitableJoin())
                        .i32(20)
                        .load(0));
    }

    /**
     * {@code $write-all (param $w $ptr $len)}: {@code stream.write} until all is written or the
     * reader dropped, waiting when a write blocks.
     */
    static int writeAll(CoreAsm m, Imports h, int await) {
        int t = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32, CoreAsm.I32), CoreAsm.of());
        return m.func(
                t,
                1,
                0,
                new CoreAsm.Code()
                        .block()
                        .loop()
                        .get(2)
                        .eqz()
                        .brIf(1)
                        .get(0)
                        .get(1)
                        .get(2)
                        .call(h.streamWrite())
                        .set(3)
                        .get(3)
                        .i32(-1)
                        .eq()
                        .ifThen()
                        .get(0)
                        .call(await)
                        .set(3)
                        .end()
                        .get(1)
                        .get(3)
                        .i32(4)
                        .shrU()
                        .add()
                        .set(1)
                        .get(2)
                        .get(3)
                        .i32(4)
                        .shrU()
                        .sub()
                        .set(2)
                        .get(3)
                        .i32(0xf)
                        .and()
                        .i32(1)
                        .eq()
                        .brIf(1)
                        .br(0)
                        .end()
                        .end());
    }

    /**
     * run: {@code stream.new} for stdout, handed to {@code write-via-stream}; the greeting; then
     * {@code read-via-stream} and a loop of {@code stream.read} (4096 bytes at 1024) and
     * write-all until stdin ends; drop both ends; {@code task.return(ok)}; exit.
     */
    private static void echoBody(CoreAsm m, Imports h) {
        int await = await(m, h);
        int writeAll = writeAll(m, h, await);
        // locals: 0 outw, 1 inr, 2 r, 3 n; 4 p (i64)
        int run = m.func(
                m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)),
                4,
                1,
                new CoreAsm.Code()
                        .call(h.streamNew())
                        .set(4)
                        .get(4)
                        .wrap()
                        .call(h.writeViaStream())
                        .drop()
                        .get(4)
                        .i64(32)
                        .shrU64()
                        .wrap()
                        .set(0)
                        .get(0)
                        .i32(100)
                        .i32(GREETING.length())
                        .call(writeAll)
                        .i32(200)
                        .call(h.readViaStream())
                        .i32(200)
                        .load(0)
                        .set(1)
                        .block()
                        .loop()
                        .get(1)
                        .i32(1024)
                        .i32(4096)
                        .call(h.streamRead())
                        .set(2)
                        .get(2)
                        .i32(-1)
                        .eq()
                        .ifThen()
                        .get(1)
                        .call(await)
                        .set(2)
                        .end()
                        .get(2)
                        .i32(4)
                        .shrU()
                        .tee(3)
                        .ifThen()
                        .get(0)
                        .i32(1024)
                        .get(3)
                        .call(writeAll)
                        .end()
                        .get(2)
                        .i32(0xf)
                        .and()
                        .i32(1)
                        .eq()
                        .brIf(1)
                        .br(0)
                        .end()
                        .end()
                        .get(1)
                        .call(h.dropReadable())
                        .get(0)
                        .call(h.dropWritable())
                        .i32(0)
                        .call(h.taskReturn())
                        .i32(0));
        m.exportFunc("run", run);
    }
}
