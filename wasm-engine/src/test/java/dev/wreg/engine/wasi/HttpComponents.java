package dev.wreg.engine.wasi;

import static dev.wreg.engine.wasi.ComponentTypeDecls.def;
import static dev.wreg.engine.wasi.ComponentTypeDecls.func;
import static dev.wreg.engine.wasi.ComponentTypeDecls.ref;
import static dev.wreg.engine.wasi.ComponentTypeDecls.resource;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
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
import dev.wreg.engine.binary.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A hand-built HTTP component (no fixture exports {@code wasi:http/incoming-handler}): its
 * {@code handle} reads the request's path and body, and answers {@code 201} with the header
 * {@code x-wreg: yes} and the body "path + request body".
 *
 * <p>It imports the functions it calls from {@code wasi:io/streams@0.2.3} and {@code
 * wasi:http/types@0.2.3} with their WIT signatures, except that error payloads it never looks at
 * ({@code stream-error}, {@code error-code}, {@code header-error}) are declared as a bare {@code
 * result}: the host answers {@code ok} on this path, and the flat core signatures stay short.
 */
final class HttpComponents {
    private HttpComponents() {}

    // Function names, in the order of the main module's imports (module "h").
    private static final String[] CALLS = {
        "[method]incoming-request.consume",
        "[method]incoming-body.stream",
        "[method]input-stream.blocking-read",
        "[method]incoming-request.path-with-query",
        "[constructor]fields",
        "[method]fields.append",
        "[constructor]outgoing-response",
        "[method]outgoing-response.set-status-code",
        "[method]outgoing-response.body",
        "[method]outgoing-body.write",
        "[method]output-stream.blocking-write-and-flush",
        "[static]response-outparam.set",
        "[static]outgoing-body.finish",
    };

    static byte[] echoHandler() {
        return dev.wreg.engine.binary.ComponentEncoder.encode(dev.wreg.engine.binary.Component.of(sections()));
    }

    /** A synchronous function type (WASI 0.2 has no other). */
    private static DefType fn(Optional<ValType> result, Object... params) {
        return ComponentTypeDecls.fn(false, result, params);
    }

    private static List<Section> sections() {
        List<Section> s = new ArrayList<>();
        // wasi:io/streams: types 0 input-stream, 1 output-stream, 2 borrow<in>, 3 borrow<out>,
        // 4 list<u8>, 5 result<list<u8>>, 6 read's func, 7 result, 8 write's func.
        s.add(new Section.Types(List.of(new DefType.InstanceType(List.of(
                resource("input-stream"),
                resource("output-stream"),
                def(new DefValType.Borrow(0)),
                def(new DefValType.Borrow(1)),
                def(new DefValType.ListType(PrimitiveType.U8)),
                def(new DefValType.ResultType(Optional.of(ref(4)), Optional.empty())),
                def(fn(Optional.of(ref(5)), "self", ref(2), "len", PrimitiveType.U64)),
                func("[method]input-stream.blocking-read", 6),
                def(new DefValType.ResultType(Optional.empty(), Optional.empty())),
                def(fn(Optional.of(ref(7)), "self", ref(3), "contents", ref(4))),
                func("[method]output-stream.blocking-write-and-flush", 8))))));
        s.add(new Section.Imports(
                List.of(new Import(ExternName.of("wasi:io/streams@0.2.3"), new ExternType.Instance(0)))));
        s.add(new Section.Aliases(List.of(
                new Alias.InstanceExport(Sort.Kind.TYPE, 0, "input-stream"), // component type 1
                new Alias.InstanceExport(Sort.Kind.TYPE, 0, "output-stream")))); // component type 2
        // wasi:http/types: 0 input-stream, 1 output-stream (outer aliases), 2 fields,
        // 3 incoming-request, 4 outgoing-response, 5 outgoing-body, 6 incoming-body,
        // 7 response-outparam, then handle types and functions.
        List<TypeDecl> http = new ArrayList<>(List.of(
                new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.TYPE, 1, 1)),
                new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.TYPE, 1, 2)),
                resource("fields"),
                resource("incoming-request"),
                resource("outgoing-response"),
                resource("outgoing-body"),
                resource("incoming-body"),
                resource("response-outparam"),
                def(new DefValType.Own(2)), // 8
                def(new DefValType.Borrow(2)), // 9
                def(new DefValType.Borrow(3)), // 10
                def(new DefValType.Own(4)), // 11
                def(new DefValType.Borrow(4)), // 12
                def(new DefValType.Own(5)), // 13
                def(new DefValType.Borrow(5)), // 14
                def(new DefValType.Own(6)), // 15
                def(new DefValType.Borrow(6)), // 16
                def(new DefValType.Own(7)), // 17
                def(new DefValType.Own(0)), // 18
                def(new DefValType.Own(1)), // 19
                def(new DefValType.ListType(PrimitiveType.U8)), // 20
                def(new DefValType.ResultType(Optional.empty(), Optional.empty())), // 21
                def(new DefValType.OptionType(PrimitiveType.STRING)), // 22
                def(new DefValType.ResultType(Optional.of(ref(15)), Optional.empty())), // 23
                def(new DefValType.ResultType(Optional.of(ref(18)), Optional.empty())), // 24
                def(new DefValType.ResultType(Optional.of(ref(13)), Optional.empty())), // 25
                def(new DefValType.ResultType(Optional.of(ref(19)), Optional.empty())), // 26
                def(new DefValType.ResultType(Optional.of(ref(11)), Optional.empty())), // 27
                def(new DefValType.OptionType(ref(8))))); // 28
        int next = 29;
        Object[][] funcs = {
            {"[method]incoming-request.consume", fn(Optional.of(ref(23)), "self", ref(10))},
            {"[method]incoming-body.stream", fn(Optional.of(ref(24)), "self", ref(16))},
            {"[method]incoming-request.path-with-query", fn(Optional.of(ref(22)), "self", ref(10))},
            {"[constructor]fields", fn(Optional.of(ref(8)))},
            {
                "[method]fields.append",
                fn(Optional.of(ref(21)), "self", ref(9), "name", PrimitiveType.STRING, "value", ref(20))
            },
            {"[constructor]outgoing-response", fn(Optional.of(ref(11)), "headers", ref(8))},
            {
                "[method]outgoing-response.set-status-code",
                fn(Optional.of(ref(21)), "self", ref(12), "status-code", PrimitiveType.U16)
            },
            {"[method]outgoing-response.body", fn(Optional.of(ref(25)), "self", ref(12))},
            {"[method]outgoing-body.write", fn(Optional.of(ref(26)), "self", ref(14))},
            {"[static]response-outparam.set", fn(Optional.empty(), "param", ref(17), "response", ref(27))},
            {"[static]outgoing-body.finish", fn(Optional.of(ref(21)), "this", ref(13), "trailers", ref(28))},
        };
        for (Object[] f : funcs) {
            http.add(def((DefType) f[1]));
            http.add(func((String) f[0], next++));
        }
        s.add(new Section.Types(List.of(new DefType.InstanceType(http)))); // component type 3
        s.add(new Section.Imports(
                List.of(new Import(ExternName.of("wasi:http/types@0.2.3"), new ExternType.Instance(3)))));
        s.add(new Section.Aliases(List.of(
                new Alias.InstanceExport(Sort.Kind.TYPE, 1, "incoming-request"), // component type 4
                new Alias.InstanceExport(Sort.Kind.TYPE, 1, "response-outparam")))); // component type 5
        List<Alias> fnAliases = new ArrayList<>();
        for (String name : CALLS) {
            int inst = name.contains("-stream.") ? 0 : 1;
            fnAliases.add(new Alias.InstanceExport(Sort.Kind.FUNC, inst, name)); // component funcs 0..12
        }
        s.add(new Section.Aliases(fnAliases));
        // Core module 0 owns the memory and a bump allocator, so lowering can use them before the
        // main module (which imports the lowered functions) exists.
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(memoryModule()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of())))); // core instance 0
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.MEMORY), 0, "memory"), // core memory 0
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "realloc")))); // core func 0
        List<Canon> lowers = new ArrayList<>();
        for (int i = 0; i < CALLS.length; i++) {
            lowers.add(new Canon.Lower(
                    i,
                    List.of(
                            new CanonOption.Memory(0),
                            new CanonOption.Realloc(0),
                            CanonOption.StringEncoding.UTF8))); // core funcs 1..13
        }
        lowers.add(new Canon.ResourceDrop(2)); // core func 14: drop an output-stream
        s.add(new Section.Canons(lowers));
        List<CoreInstance.Export> hExports = new ArrayList<>();
        for (int i = 0; i < CALLS.length; i++) {
            hExports.add(new CoreInstance.Export(CALLS[i], new CoreSortIndex(CoreSort.FUNC, i + 1)));
        }
        hExports.add(new CoreInstance.Export("drop-output-stream", new CoreSortIndex(CoreSort.FUNC, 14)));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.FromExports(hExports)))); // core instance 1
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(mainModule()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(
                1, List.of(new CoreInstance.Arg("env", 0), new CoreInstance.Arg("h", 1)))))); // core instance 2
        s.add(new Section.Aliases(
                List.of(new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "handle")))); // core func 15
        s.add(new Section.Types(List.of(
                new DefValType.Own(4), // component type 6
                new DefValType.Own(5), // 7
                fn(Optional.empty(), "request", ref(6), "response-out", ref(7))))); // 8
        s.add(new Section.Canons(List.of(new Canon.Lift(15, List.of(), 8)))); // component func 13
        s.add(new Section.Instances(List.of(new Instance.FromExports(List.of(new Instance.InlineExport(
                ExternName.of("handle"), new SortIndex(Sort.Kind.FUNC, 13))))))); // instance 2
        s.add(new Section.Exports(List.of(new Export(
                ExternName.of("wasi:http/incoming-handler@0.2.3"),
                new SortIndex(Sort.Kind.INSTANCE, 2),
                Optional.empty()))));
        return s;
    }

    /** Exports {@code memory} (1 page) and {@code realloc}, a bump allocator from address 1024. */
    static byte[] memoryModule() {
        ByteArrayOutputStream m = header();
        section(m, 1, bytes(0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f));
        section(m, 3, bytes(0x01, 0x00));
        section(m, 5, bytes(0x01, 0x00, 0x01));
        section(m, 6, bytes(0x01, 0x7f, 0x01, 0x41, 0x80, 0x08, 0x0b)); // mut i32 = 1024
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.write(2);
        name(e, "memory");
        e.writeBytes(bytes(0x02, 0x00));
        name(e, "realloc");
        e.writeBytes(bytes(0x00, 0x00));
        section(m, 7, e.toByteArray());
        // old top; top = (top + new_size + 7) & -8
        code(
                m,
                List.of(bytes(
                        0x00, 0x23, 0x00, 0x23, 0x00, 0x20, 0x03, 0x6a, 0x41, 0x07, 0x6a, 0x41, 0x78, 0x71, 0x24,
                        0x00)));
        return m.toByteArray();
    }

    // Core types of the main module.
    private static final int T_I_I = 0; // (i32) -> i32
    private static final int T_II_V = 1; // (i32 i32) -> ()
    private static final int T_V_I = 2; // () -> i32
    private static final int T_IIIII_I = 3; // (i32 i32 i32 i32 i32) -> i32
    private static final int T_II_I = 4; // (i32 i32) -> i32
    private static final int T_III_I = 5; // (i32 i32 i32) -> i32
    private static final int T_III_V = 6; // (i32 i32 i32) -> ()
    private static final int T_ILI_V = 7; // (i32 i64 i32) -> ()
    private static final int T_I_V = 8; // (i32) -> ()

    private static final int[] CALL_TYPES = {
        T_II_V, T_II_V, T_ILI_V, T_II_V, T_V_I, T_IIIII_I, T_I_I, T_II_I, T_II_V, T_II_V, T_III_I, T_III_V, T_III_I
    };

    /**
     * Imports the memory ({@code env.memory}) and the lowered calls ({@code h.*}, functions 0..12,
     * {@code drop-output-stream} 13), exports {@code handle} (function 14).
     */
    private static byte[] mainModule() {
        ByteArrayOutputStream m = header();
        section(
                m,
                1,
                bytes(
                        0x09, // 9 types
                        0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x05,
                        0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f,
                        0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00, 0x60, 0x03, 0x7f, 0x7e, 0x7f, 0x00,
                        0x60, 0x01, 0x7f, 0x00));
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(CALLS.length + 2);
        name(imports, "env");
        name(imports, "memory");
        imports.writeBytes(bytes(0x02, 0x00, 0x01));
        for (int i = 0; i < CALLS.length; i++) {
            name(imports, "h");
            name(imports, CALLS[i]);
            imports.writeBytes(bytes(0x00, CALL_TYPES[i]));
        }
        name(imports, "h");
        name(imports, "drop-output-stream");
        imports.writeBytes(bytes(0x00, T_I_V));
        section(m, 2, imports.toByteArray());
        section(m, 3, bytes(0x01, T_II_V));
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.write(1);
        name(e, "handle");
        e.writeBytes(bytes(0x00, 14));
        section(m, 7, e.toByteArray());
        // params: 0 request, 1 response-out; locals 2 body, 3 stream, 4 headers, 5 response,
        // 6 outgoing body, 7 output stream. Scratch: 16 result<own>, 32 option<string>,
        // 48 result<list<u8>>; "x-wreg" at 100, "yes" at 106.
        int[] c = {
            0x01, 0x06, 0x7f, // 6 i32 locals
            0x20, 0, 0x41, 16, 0x10, 0, 0x41, 16, 0x28, 2, 4, 0x21, 2, // body = consume(request)
            0x20, 2, 0x41, 16, 0x10, 1, 0x41, 16, 0x28, 2, 4, 0x21, 3, // stream = body.stream()
            0x20, 3, 0x42, 0x80, 0x80, 0x04, 0x41, 48, 0x10, 2, // blocking-read(stream, 65536)
            0x20, 0, 0x41, 32, 0x10, 3, // path-with-query(request)
            0x10, 4, 0x21, 4, // headers = fields()
            0x20, 4, 0x41, 0xe4, 0x00, 0x41, 6, 0x41, 0xea, 0x00, 0x41, 3, 0x10, 5,
            0x1a, // headers.append("x-wreg", "yes")
            0x20, 4, 0x10, 6, 0x21, 5, // response = outgoing-response(headers)
            0x20, 5, 0x41, 0xc9, 0x01, 0x10, 7, 0x1a, // response.set-status-code(201)
            0x20, 5, 0x41, 16, 0x10, 8, 0x41, 16, 0x28, 2, 4, 0x21, 6, // ob = response.body()
            0x20, 6, 0x41, 16, 0x10, 9, 0x41, 16, 0x28, 2, 4, 0x21, 7, // os = ob.write()
            0x20, 7, 0x41, 36, 0x28, 2, 0, 0x41, 40, 0x28, 2, 0, 0x10, 10, 0x1a, // os.write(path)
            0x20, 7, 0x41, 52, 0x28, 2, 0, 0x41, 56, 0x28, 2, 0, 0x10, 10, 0x1a, // os.write(request body)
            0x20, 7, 0x10, 13, // drop os
            0x20, 1, 0x41, 0, 0x20, 5, 0x10, 11, // response-outparam.set(out, ok(response))
            0x20, 6, 0x41, 0, 0x41, 0, 0x10, 12, 0x1a, // outgoing-body.finish(ob, none)
        };
        code(m, List.of(bytes(c)));
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(bytes(0x01, 0x00, 0x41, 0xe4, 0x00, 0x0b));
        byte[] text = "x-wregyes".getBytes(StandardCharsets.US_ASCII);
        d.write(text.length);
        d.writeBytes(text);
        section(m, 11, d.toByteArray());
        return m.toByteArray();
    }

    static ByteArrayOutputStream header() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        return m;
    }

    /** A code section of the given bodies (each starting with its locals), each closed by {@code end}. */
    static void code(ByteArrayOutputStream m, List<byte[]> bodies) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        uleb(c, bodies.size());
        for (byte[] b : bodies) {
            uleb(c, b.length + 1);
            c.writeBytes(b);
            c.write(0x0b);
        }
        section(m, 10, c.toByteArray());
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        uleb(out, content.length);
        out.writeBytes(content);
    }

    static void name(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        uleb(out, b.length);
        out.writeBytes(b);
    }

    private static void uleb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
