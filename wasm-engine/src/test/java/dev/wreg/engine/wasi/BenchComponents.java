package dev.wreg.engine.wasi;

import static dev.wreg.engine.wasi.ComponentTypeDecls.def;
import static dev.wreg.engine.wasi.ComponentTypeDecls.fn;
import static dev.wreg.engine.wasi.ComponentTypeDecls.func;
import static dev.wreg.engine.wasi.ComponentTypeDecls.ref;
import static dev.wreg.engine.wasi.ComponentTypeDecls.resource;

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
 * Components the benchmarks module measures (it keeps encoded copies, which {@link
 * BenchComponentsTest} holds current): {@link #p2Echo}, the 0.2 counterpart of {@link
 * P3Components#echo} (the greeting, then stdin copied to stdout 4096 bytes at a time, through
 * {@code wasi:io/streams}' {@code blocking-read} and {@code blocking-write-and-flush}), and
 * {@link #ping}, one function lifted both ways ({@code ping-async: async func(x: u32) -> u32}
 * with a callback, answering by {@code task.return}, and {@code ping-sync: func(x: u32) -> u32}).
 */
final class BenchComponents {
    private BenchComponents() {}

    static byte[] p2Echo() {
        List<Section> s = new ArrayList<>();
        s.add(new Section.Types(List.of(new DefType.InstanceType(List.of(resource("error")))))); // type 0
        s.add(new Section.Imports(
                List.of(new Import(ExternName.of("wasi:io/error@0.2.3"), new ExternType.Instance(0))))); // inst 0
        s.add(new Section.Aliases(List.of(new Alias.InstanceExport(Sort.Kind.TYPE, 0, "error")))); // type 1
        List<TypeDecl> streams = List.of(
                new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.TYPE, 1, 1)), // 0
                new TypeDecl.ExportDecl(
                        ExternName.of("error"), new ExternType.Type(new ExternType.TypeBound.Eq(0))), // 1
                resource("input-stream"), // 2
                resource("output-stream"), // 3
                def(new DefValType.Own(1)), // 4
                def(new DefValType.VariantType(List.of(
                        new DefValType.Case("last-operation-failed", Optional.of(ref(4))),
                        new DefValType.Case("closed", Optional.empty())))), // 5
                new TypeDecl.ExportDecl(
                        ExternName.of("stream-error"), new ExternType.Type(new ExternType.TypeBound.Eq(5))), // 6
                def(new DefValType.Borrow(2)), // 7
                def(new DefValType.Borrow(3)), // 8
                def(new DefValType.ListType(PrimitiveType.U8)), // 9
                def(new DefValType.ResultType(Optional.of(ref(9)), Optional.of(ref(6)))), // 10
                def(fn(false, Optional.of(ref(10)), "self", ref(7), "len", PrimitiveType.U64)), // 11
                func("[method]input-stream.blocking-read", 11),
                def(new DefValType.ResultType(Optional.empty(), Optional.of(ref(6)))), // 12
                def(fn(false, Optional.of(ref(12)), "self", ref(8), "contents", ref(9))), // 13
                func("[method]output-stream.blocking-write-and-flush", 13));
        s.add(new Section.Types(List.of(new DefType.InstanceType(streams)))); // type 2
        s.add(new Section.Imports(
                List.of(new Import(ExternName.of("wasi:io/streams@0.2.3"), new ExternType.Instance(2))))); // inst 1
        s.add(new Section.Aliases(List.of(
                new Alias.InstanceExport(Sort.Kind.TYPE, 1, "input-stream"), // type 3
                new Alias.InstanceExport(Sort.Kind.TYPE, 1, "output-stream")))); // type 4
        List<TypeDecl> stdin = List.of(
                new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.TYPE, 1, 3)),
                new TypeDecl.ExportDecl(
                        ExternName.of("input-stream"), new ExternType.Type(new ExternType.TypeBound.Eq(0))),
                def(new DefValType.Own(1)),
                def(fn(false, Optional.of(ref(2)))),
                func("get-stdin", 3));
        List<TypeDecl> stdout = List.of(
                new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.TYPE, 1, 4)),
                new TypeDecl.ExportDecl(
                        ExternName.of("output-stream"), new ExternType.Type(new ExternType.TypeBound.Eq(0))),
                def(new DefValType.Own(1)),
                def(fn(false, Optional.of(ref(2)))),
                func("get-stdout", 3));
        s.add(new Section.Types(List.of(new DefType.InstanceType(stdin), new DefType.InstanceType(stdout)))); // 5, 6
        s.add(new Section.Imports(List.of(
                new Import(ExternName.of("wasi:cli/stdin@0.2.3"), new ExternType.Instance(5)), // inst 2
                new Import(ExternName.of("wasi:cli/stdout@0.2.3"), new ExternType.Instance(6))))); // inst 3
        s.add(new Section.Aliases(List.of(
                new Alias.InstanceExport(Sort.Kind.FUNC, 2, "get-stdin"), // func 0
                new Alias.InstanceExport(Sort.Kind.FUNC, 3, "get-stdout"), // func 1
                new Alias.InstanceExport(Sort.Kind.FUNC, 1, "[method]input-stream.blocking-read"), // func 2
                new Alias.InstanceExport(Sort.Kind.FUNC, 1, "[method]output-stream.blocking-write-and-flush")))); // 3
        s.add(new Section.Types(List.of(
                new DefValType.ResultType(Optional.empty(), Optional.empty()),
                fn(false, Optional.of(ref(7)))))); // 7, 8
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(fixedBufferMemory()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of())))); // core instance 0
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.MEMORY), 0, "memory"),
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "realloc")))); // core func 0
        List<CanonOption> mem =
                List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), CanonOption.StringEncoding.UTF8);
        String[] names = {"get-stdin", "get-stdout", "blocking-read", "blocking-write-and-flush"};
        List<Canon> lowers = new ArrayList<>();
        List<CoreInstance.Export> h = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            lowers.add(new Canon.Lower(i, mem)); // core funcs 1..4
            h.add(new CoreInstance.Export(names[i], new CoreSortIndex(CoreSort.FUNC, i + 1)));
        }
        s.add(new Section.Canons(lowers));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.FromExports(h)))); // core instance 1
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(p2EchoModule()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(
                1, List.of(new CoreInstance.Arg("env", 0), new CoreInstance.Arg("h", 1)))))); // core instance 2
        s.add(new Section.Aliases(
                List.of(new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "run")))); // core func 5
        s.add(new Section.Canons(List.of(new Canon.Lift(5, List.of(), 8)))); // func 4
        s.add(new Section.Instances(List.of(new Instance.FromExports(List.of(
                new Instance.InlineExport(ExternName.of("run"), new SortIndex(Sort.Kind.FUNC, 4))))))); // inst 4
        s.add(new Section.Exports(List.of(new Export(
                ExternName.of("wasi:cli/run@0.2.3"), new SortIndex(Sort.Kind.INSTANCE, 4), Optional.empty()))));
        return ComponentEncoder.encode(dev.wreg.engine.binary.Component.of(s));
    }

    /**
     * Memory (2 pages) whose {@code realloc} always answers 1024: each list the host lowers (one
     * read of at most 4096 bytes) lands in the same place, so the copy runs in constant memory.
     */
    private static byte[] fixedBufferMemory() {
        CoreAsm m = new CoreAsm();
        int I = CoreAsm.I32;
        m.memory("memory", 2);
        int realloc = m.func(m.type(CoreAsm.of(I, I, I, I), CoreAsm.of(I)), 0, 0, new CoreAsm.Code().i32(1024));
        m.exportFunc("realloc", realloc);
        return m.build();
    }

    /** run: the greeting at 100, then blocking-read 4096 / blocking-write-and-flush until stdin ends. */
    private static byte[] p2EchoModule() {
        CoreAsm m = new CoreAsm();
        int I = CoreAsm.I32;
        m.importMemory("env", "memory", 2);
        int getStdin = m.importFunc("h", "get-stdin", m.type(CoreAsm.of(), CoreAsm.of(I)));
        int getStdout = m.importFunc("h", "get-stdout", m.type(CoreAsm.of(), CoreAsm.of(I)));
        int read = m.importFunc("h", "blocking-read", m.type(CoreAsm.of(I, CoreAsm.I64, I), CoreAsm.of()));
        int write = m.importFunc("h", "blocking-write-and-flush", m.type(CoreAsm.of(I, I, I, I), CoreAsm.of()));
        m.data(100, P3Components.GREETING);
        // locals 0 in, 1 out; results at 16 (read) and 32 (write)
        CoreAsm.Code c = new CoreAsm.Code()
                .call(getStdin)
                .set(0)
                .call(getStdout)
                .set(1)
                .get(1)
                .i32(100)
                .i32(P3Components.GREETING.length())
                .i32(32)
                .call(write)
                .block()
                .loop()
                .get(0)
                .i64(4096)
                .i32(16)
                .call(read)
                .i32(16)
                .load8(0)
                .brIf(1)
                .get(1)
                .i32(20)
                .load(0)
                .i32(24)
                .load(0)
                .i32(32)
                .call(write)
                .br(0)
                .end()
                .end()
                .i32(0);
        m.exportFunc("run", m.func(m.type(CoreAsm.of(), CoreAsm.of(I)), 2, 0, c));
        return m.build();
    }

    static byte[] ping() {
        List<Section> s = new ArrayList<>();
        s.add(new Section.Types(List.of(
                fn(true, Optional.of(PrimitiveType.U32), "x", PrimitiveType.U32), // 0
                fn(false, Optional.of(PrimitiveType.U32), "x", PrimitiveType.U32)))); // 1
        s.add(new Section.Canons(List.of(new Canon.TaskReturn(Optional.of(PrimitiveType.U32), List.of())))); // core 0
        s.add(new Section.CoreInstances(List.of(new CoreInstance.FromExports(
                List.of(new CoreInstance.Export("task.return", new CoreSortIndex(CoreSort.FUNC, 0))))))); // inst 0
        CoreAsm m = new CoreAsm();
        int I = CoreAsm.I32;
        int taskReturn = m.importFunc("h", "task.return", m.type(CoreAsm.of(I), CoreAsm.of()));
        int tI_I = m.type(CoreAsm.of(I), CoreAsm.of(I));
        m.exportFunc(
                "ping-async",
                m.func(tI_I, 0, 0, new CoreAsm.Code().get(0).call(taskReturn).i32(0)));
        m.exportFunc("ping-sync", m.func(tI_I, 0, 0, new CoreAsm.Code().get(0)));
        m.exportFunc("cb", m.func(m.type(CoreAsm.of(I, I, I), CoreAsm.of(I)), 0, 0, new CoreAsm.Code().unreachable()));
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(m.build()))));
        s.add(new Section.CoreInstances(
                List.of(new CoreInstance.Instantiate(0, List.of(new CoreInstance.Arg("h", 0)))))); // inst 1
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 1, "ping-async"), // core 1
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 1, "ping-sync"), // core 2
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 1, "cb")))); // core 3
        s.add(new Section.Canons(List.of(
                new Canon.Lift(1, List.of(new CanonOption.Async(), new CanonOption.Callback(3)), 0), // func 0
                new Canon.Lift(2, List.of(), 1)))); // func 1
        s.add(new Section.Exports(List.of(
                new Export(ExternName.of("ping-async"), new SortIndex(Sort.Kind.FUNC, 0), Optional.empty()),
                new Export(ExternName.of("ping-sync"), new SortIndex(Sort.Kind.FUNC, 1), Optional.empty()))));
        return ComponentEncoder.encode(dev.wreg.engine.binary.Component.of(s));
    }
}
