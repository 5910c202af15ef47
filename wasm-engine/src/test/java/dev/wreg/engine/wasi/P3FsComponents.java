package dev.wreg.engine.wasi;

import static dev.wreg.engine.wasi.ComponentTypeDecls.def;
import static dev.wreg.engine.wasi.ComponentTypeDecls.fn;
import static dev.wreg.engine.wasi.ComponentTypeDecls.func;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hand-built WASI 0.3 commands that use {@code wasi:filesystem@0.3.0}, encoded by our own {@link
 * ComponentEncoder}. Each takes the first preopen, opens one path in it and either copies the file
 * to stdout through {@code read-via-stream} ({@link #cat}) or writes a text into it through {@code
 * write-via-stream} and waits for the stream's future ({@link #write}). What a guest reports on
 * stdout when it is refused: {@code N} when it was granted no directory, {@code E} followed by
 * the {@code error-code} case's index byte when {@code open-at} or the write failed; then {@code
 * run} returns {@code err} (exit 1).
 */
final class P3FsComponents {
    private P3FsComponents() {}

    private static final int OPEN_CREATE = 1;
    private static final int OPEN_TRUNCATE = 8;
    private static final int FLAG_READ = 1;
    private static final int FLAG_WRITE = 2;

    /** A command printing the file at {@code path} of the first preopen. */
    static byte[] cat(String path) {
        return command(path, null);
    }

    /** A command writing {@code text} to {@code path} (created or truncated) of the first preopen. */
    static byte[] write(String path, String text) {
        return command(path, text);
    }

    /** What a guest prints when {@code open-at} or a write answered {@code code}. */
    static byte[] refusal(String code) {
        return new byte[] {'E', (byte) WasiP3Filesystem.errorCodeIndex(code)};
    }

    /**
     * {@code wasi:filesystem/types#error-code}: the host's own cases in WIT order (the guest reports
     * errors by their index in that list, {@link WasiP3Filesystem#errorCodeIndex}), the last being
     * {@code other(option<string>)}.
     */
    private static DefValType errorCode(int optionString) {
        List<DefValType.Case> cases = new ArrayList<>();
        List<String> names = WasiP3Filesystem.ERROR_CODES;
        for (String name : names.subList(0, names.size() - 1)) {
            cases.add(new DefValType.Case(name, Optional.empty()));
        }
        cases.add(new DefValType.Case(names.getLast(), Optional.of(ref(optionString))));
        return new DefValType.VariantType(cases);
    }

    // Core function names in module "h", in order (core funcs 1..).
    private static final String[] NAMES = {
        "stdout.write-via-stream",
        "get-directories",
        "open-at",
        "read-via-stream",
        "write-via-stream",
        "stream.new",
        "stream.read",
        "stream.write",
        "stream.drop-readable",
        "stream.drop-writable",
        "waitable-set.new",
        "waitable-set.wait",
        "waitable.join",
        "task.return",
        "future.read",
        "future.drop-readable",
    };

    private static byte[] command(String path, String text) {
        List<Section> s = new ArrayList<>();
        // type 0: wasi:filesystem/types@0.3.0 (the functions used here)
        List<TypeDecl> types = List.of(
                new TypeDecl.ExportDecl(
                        ExternName.of("descriptor"), new ExternType.Type(new ExternType.TypeBound.SubResource())), // 0
                def(new DefValType.OptionType(PrimitiveType.STRING)), // 1
                def(errorCode(1)), // 2
                def(new DefValType.Own(0)), // 3
                def(new DefValType.Borrow(0)), // 4
                def(new DefValType.ResultType(Optional.of(ref(3)), Optional.of(ref(2)))), // 5
                def(new DefValType.FlagsType(List.of("symlink-follow"))), // 6
                def(new DefValType.FlagsType(List.of("create", "directory", "exclusive", "truncate"))), // 7
                def(new DefValType.FlagsType(List.of(
                        "read",
                        "write",
                        "file-integrity-sync",
                        "data-integrity-sync",
                        "requested-write-sync",
                        "mutate-directory"))), // 8
                def(fn(
                        true,
                        Optional.of(ref(5)),
                        "self",
                        ref(4),
                        "path-flags",
                        ref(6),
                        "path",
                        PrimitiveType.STRING,
                        "open-flags",
                        ref(7),
                        "flags",
                        ref(8))), // 9
                func("[method]descriptor.open-at", 9),
                def(new DefValType.StreamType(Optional.of(PrimitiveType.U8))), // 10
                def(new DefValType.ResultType(Optional.empty(), Optional.of(ref(2)))), // 11
                def(new DefValType.FutureType(Optional.of(ref(11)))), // 12
                def(new DefValType.TupleType(List.of(ref(10), ref(12)))), // 13
                def(fn(false, Optional.of(ref(13)), "self", ref(4), "offset", PrimitiveType.U64)), // 14
                func("[method]descriptor.read-via-stream", 14),
                def(fn(
                        false,
                        Optional.of(ref(12)),
                        "self",
                        ref(4),
                        "data",
                        ref(10),
                        "offset",
                        PrimitiveType.U64)), // 15
                func("[method]descriptor.write-via-stream", 15));
        s.add(new Section.Types(List.of(new DefType.InstanceType(types))));
        s.add(new Section.Imports(List.of(
                new Import(ExternName.of("wasi:filesystem/types@0.3.0"), new ExternType.Instance(0))))); // instance 0
        s.add(new Section.Aliases(List.of(new Alias.InstanceExport(Sort.Kind.TYPE, 0, "descriptor")))); // type 1
        // type 2: wasi:filesystem/preopens@0.3.0
        List<TypeDecl> preopens = List.of(
                new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.TYPE, 1, 1)), // 0
                new TypeDecl.ExportDecl(
                        ExternName.of("descriptor"), new ExternType.Type(new ExternType.TypeBound.Eq(0))),
                def(new DefValType.Own(1)), // 2
                def(new DefValType.TupleType(List.of(ref(2), PrimitiveType.STRING))), // 3
                def(new DefValType.ListType(ref(3))), // 4
                def(fn(false, Optional.of(ref(4)))), // 5
                func("get-directories", 5));
        // type 3: wasi:cli/stdout@0.3.0
        List<TypeDecl> stdout = List.of(
                def(new DefValType.EnumType(List.of("io", "illegal-byte-sequence", "pipe"))),
                new TypeDecl.ExportDecl(
                        ExternName.of("error-code"), new ExternType.Type(new ExternType.TypeBound.Eq(0))),
                def(new DefValType.StreamType(Optional.of(PrimitiveType.U8))),
                def(new DefValType.ResultType(Optional.empty(), Optional.of(ref(1)))),
                def(new DefValType.FutureType(Optional.of(ref(3)))),
                def(fn(false, Optional.of(ref(4)), "data", ref(2))),
                func("write-via-stream", 5));
        s.add(new Section.Types(List.of(new DefType.InstanceType(preopens), new DefType.InstanceType(stdout))));
        s.add(new Section.Imports(List.of(
                new Import(ExternName.of("wasi:filesystem/preopens@0.3.0"), new ExternType.Instance(2)), // instance 1
                new Import(ExternName.of("wasi:cli/stdout@0.3.0"), new ExternType.Instance(3))))); // instance 2
        s.add(new Section.Aliases(List.of(
                new Alias.InstanceExport(Sort.Kind.FUNC, 2, "write-via-stream"), // func 0
                new Alias.InstanceExport(Sort.Kind.FUNC, 1, "get-directories"), // func 1
                new Alias.InstanceExport(Sort.Kind.FUNC, 0, "[method]descriptor.open-at"), // func 2
                new Alias.InstanceExport(Sort.Kind.FUNC, 0, "[method]descriptor.read-via-stream"), // func 3
                new Alias.InstanceExport(Sort.Kind.FUNC, 0, "[method]descriptor.write-via-stream")))); // func 4
        // Component types 4: stream<u8>, 5: option<string>, 6: error-code, 7: result<_, error-code>,
        // 8: future<7>, 9: result, 10: async func() -> result.
        s.add(new Section.Types(List.of(
                new DefValType.StreamType(Optional.of(PrimitiveType.U8)),
                new DefValType.OptionType(PrimitiveType.STRING),
                errorCode(5),
                new DefValType.ResultType(Optional.empty(), Optional.of(ref(6))),
                new DefValType.FutureType(Optional.of(ref(7))),
                new DefValType.ResultType(Optional.empty(), Optional.empty()),
                fn(true, Optional.of(ref(9))))));
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(HttpComponents.memoryModule()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of())))); // core instance 0
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.MEMORY), 0, "memory"), // core memory 0
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "realloc")))); // core func 0
        List<CanonOption> mem =
                List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), CanonOption.StringEncoding.UTF8);
        List<CanonOption> asyncMem = List.of(new CanonOption.Async(), new CanonOption.Memory(0));
        List<CanonOption> asyncMemRealloc = List.of(
                new CanonOption.Async(),
                new CanonOption.Memory(0),
                new CanonOption.Realloc(0),
                CanonOption.StringEncoding.UTF8);
        s.add(new Section.Canons(List.of(
                new Canon.Lower(0, mem), // core func 1
                new Canon.Lower(1, mem), // 2
                new Canon.Lower(2, mem), // 3
                new Canon.Lower(3, mem), // 4
                new Canon.Lower(4, mem), // 5
                new Canon.StreamNew(4), // 6
                new Canon.StreamRead(4, asyncMem), // 7
                new Canon.StreamWrite(4, asyncMem), // 8
                new Canon.StreamDropReadable(4), // 9
                new Canon.StreamDropWritable(4), // 10
                new Canon.WaitableSetNew(), // 11
                new Canon.WaitableSetWait(false, 0), // 12
                new Canon.WaitableJoin(), // 13
                new Canon.TaskReturn(Optional.of(ref(9)), List.of()), // 14
                new Canon.FutureRead(8, asyncMemRealloc), // 15
                new Canon.FutureDropReadable(8)))); // 16
        List<CoreInstance.Export> h = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            h.add(new CoreInstance.Export(NAMES[i], new CoreSortIndex(CoreSort.FUNC, i + 1)));
        }
        s.add(new Section.CoreInstances(List.of(new CoreInstance.FromExports(h)))); // core instance 1
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(mainModule(path, text)))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(
                1, List.of(new CoreInstance.Arg("env", 0), new CoreInstance.Arg("h", 1)))))); // core instance 2
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "run"), // core func 17
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "cb")))); // core func 18
        s.add(new Section.Canons(List.of(
                new Canon.Lift(17, List.of(new CanonOption.Async(), new CanonOption.Callback(18)), 10)))); // func 5
        s.add(new Section.Instances(List.of(new Instance.FromExports(List.of(
                new Instance.InlineExport(ExternName.of("run"), new SortIndex(Sort.Kind.FUNC, 5))))))); // instance 3
        s.add(new Section.Exports(List.of(new Export(
                ExternName.of("wasi:cli/run@0.3.0"), new SortIndex(Sort.Kind.INSTANCE, 3), Optional.empty()))));
        return ComponentEncoder.encode(dev.wreg.engine.binary.Component.of(s));
    }

    // Memory: 200 get-directories' list, 216 open-at's result, 232 read-via-stream's tuple,
    // 248 the write future's result, 300 "N", 302 "E" and the code at 303, 400 the path, 600 the text,
    // 32768..36864 the copy buffer (the bump allocator starts at 1024 and stays far below).
    private static final int PATH = 400;
    private static final int TEXT = 600;
    private static final int BUFFER = 32768;

    private static byte[] mainModule(String path, String text) {
        CoreAsm m = new CoreAsm();
        int tI_I = m.type(CoreAsm.of(CoreAsm.I32), CoreAsm.of(CoreAsm.I32));
        int tI_V = m.type(CoreAsm.of(CoreAsm.I32), CoreAsm.of());
        int tV_L = m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I64));
        int tIII_I = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32, CoreAsm.I32), CoreAsm.of(CoreAsm.I32));
        int tV_I = m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32));
        int tII_I = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32), CoreAsm.of(CoreAsm.I32));
        int tII_V = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32), CoreAsm.of());
        int t7_V = m.type(
                CoreAsm.of(CoreAsm.I32, CoreAsm.I32, CoreAsm.I32, CoreAsm.I32, CoreAsm.I32, CoreAsm.I32, CoreAsm.I32),
                CoreAsm.of());
        int tILI_V = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I64, CoreAsm.I32), CoreAsm.of());
        int tIIL_I = m.type(CoreAsm.of(CoreAsm.I32, CoreAsm.I32, CoreAsm.I64), CoreAsm.of(CoreAsm.I32));
        int[] types = {
            tI_I, tI_V, t7_V, tILI_V, tIIL_I, tV_L, tIII_I, tIII_I, tI_V, tI_V, tV_I, tII_I, tII_V, tI_V, tII_I, tI_V
        };
        m.importMemory("env", "memory", 1);
        int[] f = new int[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            f[i] = m.importFunc("h", NAMES[i], types[i]);
        }
        int stdoutVia = f[0], getDirs = f[1], openAt = f[2], readVia = f[3], writeVia = f[4];
        int streamNew = f[5], streamRead = f[6], dropReadable = f[8], dropWritable = f[9];
        int taskReturn = f[13], futureRead = f[14];
        // Only the fields await/writeAll use are real indices.
        P3Components.Imports h = new P3Components.Imports(
                -1,
                -1,
                streamNew,
                streamRead,
                f[7],
                dropReadable,
                dropWritable,
                f[10],
                f[11],
                f[12],
                taskReturn,
                -1,
                -1,
                -1,
                -1,
                futureRead);
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        m.data(PATH, p);
        m.data(300, "N");
        m.data(302, "E");
        byte[] t = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        if (t.length > 0) {
            m.data(TEXT, t);
        }
        int await = P3Components.await(m, h);
        int writeAll = P3Components.writeAll(m, h, await);
        boolean writing = text != null;
        // locals: 0 outw (stdout's writable end), 1 dir, 2 fd, 3 r, 4 n, 5 w, 6 fut; 7 pair (i64)
        CoreAsm.Code c = new CoreAsm.Code()
                // stdout: a stream whose readable end goes to write-via-stream
                .call(streamNew)
                .set(7)
                .get(7)
                .wrap()
                .call(stdoutVia)
                .drop()
                .get(7)
                .i64(32)
                .shrU64()
                .wrap()
                .set(0)
                // no directory granted: print "N", return err
                .i32(200)
                .call(getDirs)
                .i32(204)
                .load(0)
                .eqz()
                .ifThen()
                .get(0)
                .i32(300)
                .i32(1)
                .call(writeAll)
                .get(0)
                .call(dropWritable)
                .i32(1)
                .call(taskReturn)
                .i32(0)
                .ret()
                .end()
                .i32(200)
                .load(0)
                .load(0)
                .set(1)
                // open-at(dir, {}, path, open-flags, flags, ret=216)
                .get(1)
                .i32(0)
                .i32(PATH)
                .i32(p.length)
                .i32(writing ? OPEN_CREATE | OPEN_TRUNCATE : 0)
                .i32(writing ? FLAG_READ | FLAG_WRITE : FLAG_READ)
                .i32(216)
                .call(openAt)
                .i32(216)
                .load8(0)
                .ifThen()
                .i32(0)
                .i32(220)
                .load8(0)
                .store8(303)
                .get(0)
                .i32(302)
                .i32(2)
                .call(writeAll)
                .get(0)
                .call(dropWritable)
                .i32(1)
                .call(taskReturn)
                .i32(0)
                .ret()
                .end()
                .i32(220)
                .load(0)
                .set(2);
        if (!writing) {
            // read-via-stream(fd, 0) -> (r, future); copy r to stdout until it ends
            c.get(2)
                    .i64(0)
                    .i32(232)
                    .call(readVia)
                    .i32(232)
                    .load(0)
                    .set(3)
                    .block()
                    .loop()
                    .get(3)
                    .i32(BUFFER)
                    .i32(4096)
                    .call(streamRead)
                    .set(4)
                    .get(4)
                    .i32(-1)
                    .eq()
                    .ifThen()
                    .get(3)
                    .call(await)
                    .set(4)
                    .end()
                    .get(4)
                    .i32(4)
                    .shrU()
                    .tee(5)
                    .ifThen()
                    .get(0)
                    .i32(BUFFER)
                    .get(5)
                    .call(writeAll)
                    .end()
                    .get(4)
                    .i32(0xf)
                    .and()
                    .i32(1)
                    .eq()
                    .brIf(1)
                    .br(0)
                    .end()
                    .end()
                    .get(3)
                    .call(dropReadable);
        } else {
            // a stream whose readable end goes to write-via-stream(fd, r, 0); write the text,
            // drop the writable end, then wait for the future's result
            c.call(streamNew)
                    .set(7)
                    .get(7)
                    .i64(32)
                    .shrU64()
                    .wrap()
                    .set(5)
                    .get(2)
                    .get(7)
                    .wrap()
                    .i64(0)
                    .call(writeVia)
                    .set(6)
                    .get(5)
                    .i32(TEXT)
                    .i32(t.length)
                    .call(writeAll)
                    .get(5)
                    .call(dropWritable)
                    .get(6)
                    .i32(248)
                    .call(futureRead)
                    .i32(-1)
                    .eq()
                    .ifThen()
                    .get(6)
                    .call(await)
                    .drop()
                    .end()
                    .i32(248)
                    .load8(0)
                    .ifThen()
                    .i32(0)
                    .i32(252)
                    .load8(0)
                    .store8(303)
                    .get(0)
                    .i32(302)
                    .i32(2)
                    .call(writeAll)
                    .get(0)
                    .call(dropWritable)
                    .i32(1)
                    .call(taskReturn)
                    .i32(0)
                    .ret()
                    .end();
        }
        c.get(0).call(dropWritable).i32(0).call(taskReturn).i32(0);
        int run = m.func(m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)), 7, 1, c);
        m.exportFunc("run", run);
        int cb = m.func(tIII_I, 0, 0, new CoreAsm.Code().unreachable());
        m.exportFunc("cb", cb);
        return m.build();
    }
}
