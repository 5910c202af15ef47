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
 * A hand-built {@code wasi:http@0.3.0} handler, encoded by our own {@link ComponentEncoder}: it
 * exports {@code wasi:http/handler@0.3.0} ({@code handle: async func(request) -> result<response,
 * error-code>}, lifted {@code async} with a callback) and imports the {@code types} functions it
 * uses, with the 0.3.0 WIT's types (the whole {@code error-code} variant included). Like the 0.2
 * echo handler it answers 201 with {@code x-wreg: yes} and a body of the request's path followed
 * by its body — but the 0.3 way: it reads the request body from {@code consume-body}'s stream,
 * returns the response, and only then writes the response body into the stream it gave {@code
 * response.new}.
 */
final class P3HttpComponents {
    private P3HttpComponents() {}

    private static DefValType.Case c(String name) {
        return new DefValType.Case(name, Optional.empty());
    }

    private static DefValType.Case c(String name, int payload) {
        return new DefValType.Case(name, Optional.of(ref(payload)));
    }

    private static DefValType.Field field(String name, int type) {
        return new DefValType.Field(name, ref(type));
    }

    // Core functions of module "h", in order (core funcs 1..).
    private static final String[] NAMES = {
        "get-path-with-query",
        "consume-body",
        "fields",
        "fields.append",
        "response.new",
        "set-status-code",
        "stream.new",
        "stream.read",
        "stream.write",
        "stream.drop-readable",
        "stream.drop-writable",
        "waitable-set.new",
        "waitable-set.wait",
        "waitable.join",
        "task.return",
        "future.new-transmit",
        "future.new-trailers",
    };

    static byte[] echoHandler() {
        return handler(true);
    }

    /** The echo handler, except that it never ends the response body (it keeps the writable end). */
    static byte[] unendedBody() {
        return handler(false);
    }

    private static byte[] handler(boolean endBody) {
        List<Section> s = new ArrayList<>();
        List<TypeDecl> types = new ArrayList<>(List.of(
                resource("fields"), // 0
                resource("request"), // 1
                resource("response"), // 2
                def(new DefValType.OptionType(PrimitiveType.STRING)), // 3
                def(new DefValType.OptionType(PrimitiveType.U16)), // 4
                def(new DefValType.RecordType(List.of(field("rcode", 3), field("info-code", 4)))), // 5
                def(new DefValType.OptionType(PrimitiveType.U8)), // 6
                def(new DefValType.RecordType(List.of(field("alert-id", 6), field("alert-message", 3)))), // 7
                def(new DefValType.OptionType(PrimitiveType.U32)), // 8
                def(new DefValType.RecordType(List.of(field("field-name", 3), field("field-size", 8)))), // 9
                def(new DefValType.OptionType(ref(9))), // 10
                def(new DefValType.OptionType(PrimitiveType.U64)), // 11
                def(new DefValType.VariantType(List.of(
                        c("DNS-timeout"),
                        c("DNS-error", 5),
                        c("destination-not-found"),
                        c("destination-unavailable"),
                        c("destination-IP-prohibited"),
                        c("destination-IP-unroutable"),
                        c("connection-refused"),
                        c("connection-terminated"),
                        c("connection-timeout"),
                        c("connection-read-timeout"),
                        c("connection-write-timeout"),
                        c("connection-limit-reached"),
                        c("TLS-protocol-error"),
                        c("TLS-certificate-error"),
                        c("TLS-alert-received", 7),
                        c("HTTP-request-denied"),
                        c("HTTP-request-length-required"),
                        c("HTTP-request-body-size", 11),
                        c("HTTP-request-method-invalid"),
                        c("HTTP-request-URI-invalid"),
                        c("HTTP-request-URI-too-long"),
                        c("HTTP-request-header-section-size", 8),
                        c("HTTP-request-header-size", 10),
                        c("HTTP-request-trailer-section-size", 8),
                        c("HTTP-request-trailer-size", 9),
                        c("HTTP-response-incomplete"),
                        c("HTTP-response-header-section-size", 8),
                        c("HTTP-response-header-size", 9),
                        c("HTTP-response-body-size", 11),
                        c("HTTP-response-trailer-section-size", 8),
                        c("HTTP-response-trailer-size", 9),
                        c("HTTP-response-transfer-coding", 3),
                        c("HTTP-response-content-coding", 3),
                        c("HTTP-response-timeout"),
                        c("HTTP-upgrade-failed"),
                        c("HTTP-protocol-error"),
                        c("loop-detected"),
                        c("configuration-error"),
                        c("internal-error", 3)))), // 12
                new TypeDecl.ExportDecl(
                        ExternName.of("error-code"), new ExternType.Type(new ExternType.TypeBound.Eq(12))), // 13
                def(new DefValType.Own(0)), // 14
                def(new DefValType.Borrow(0)), // 15
                def(new DefValType.Own(1)), // 16
                def(new DefValType.Borrow(1)), // 17
                def(new DefValType.Own(2)), // 18
                def(new DefValType.Borrow(2)), // 19
                def(new DefValType.ListType(PrimitiveType.U8)), // 20
                def(new DefValType.VariantType(List.of(
                        c("invalid-syntax"), c("forbidden"), c("immutable"), c("size-exceeded"), c("other", 3)))), // 21
                def(new DefValType.ResultType(Optional.empty(), Optional.of(ref(21)))), // 22
                def(new DefValType.StreamType(Optional.of(PrimitiveType.U8))), // 23
                def(new DefValType.ResultType(Optional.empty(), Optional.of(ref(13)))), // 24
                def(new DefValType.FutureType(Optional.of(ref(24)))), // 25
                def(new DefValType.OptionType(ref(14))), // 26
                def(new DefValType.ResultType(Optional.of(ref(26)), Optional.of(ref(13)))), // 27
                def(new DefValType.FutureType(Optional.of(ref(27)))), // 28
                def(new DefValType.TupleType(List.of(ref(23), ref(28)))), // 29
                def(new DefValType.OptionType(ref(23))), // 30
                def(new DefValType.TupleType(List.of(ref(18), ref(25)))), // 31
                def(new DefValType.ResultType(Optional.empty(), Optional.empty())))); // 32
        Object[][] funcs = {
            {"[method]request.get-path-with-query", fn(false, Optional.of(ref(3)), "self", ref(17))},
            {"[static]request.consume-body", fn(false, Optional.of(ref(29)), "this", ref(16), "res", ref(25))},
            {"[constructor]fields", fn(false, Optional.of(ref(14)))},
            {
                "[method]fields.append",
                fn(false, Optional.of(ref(22)), "self", ref(15), "name", PrimitiveType.STRING, "value", ref(20))
            },
            {
                "[static]response.new",
                fn(false, Optional.of(ref(31)), "headers", ref(14), "contents", ref(30), "trailers", ref(28))
            },
            {
                "[method]response.set-status-code",
                fn(false, Optional.of(ref(32)), "self", ref(19), "status-code", PrimitiveType.U16)
            },
        };
        int next = 33;
        for (Object[] f : funcs) {
            types.add(def((DefType) f[1]));
            types.add(func((String) f[0], next++));
        }
        s.add(new Section.Types(List.of(new DefType.InstanceType(types)))); // component type 0
        s.add(new Section.Imports(
                List.of(new Import(ExternName.of("wasi:http/types@0.3.0"), new ExternType.Instance(0))))); // inst 0
        List<Alias> aliases = new ArrayList<>(List.of(
                new Alias.InstanceExport(Sort.Kind.TYPE, 0, "request"), // component type 1
                new Alias.InstanceExport(Sort.Kind.TYPE, 0, "response"), // 2
                new Alias.InstanceExport(Sort.Kind.TYPE, 0, "error-code"), // 3
                new Alias.InstanceExport(Sort.Kind.TYPE, 0, "fields"))); // 4
        for (Object[] f : funcs) {
            aliases.add(new Alias.InstanceExport(Sort.Kind.FUNC, 0, (String) f[0])); // component funcs 0..5
        }
        s.add(new Section.Aliases(aliases));
        s.add(new Section.Types(List.of(
                new DefValType.StreamType(Optional.of(PrimitiveType.U8)), // 5
                new DefValType.ResultType(Optional.empty(), Optional.of(ref(3))), // 6
                new DefValType.FutureType(Optional.of(ref(6))), // 7
                new DefValType.Own(4), // 8
                new DefValType.OptionType(ref(8)), // 9
                new DefValType.ResultType(Optional.of(ref(9)), Optional.of(ref(3))), // 10
                new DefValType.FutureType(Optional.of(ref(10))), // 11
                new DefValType.Own(1), // 12
                new DefValType.Own(2), // 13
                new DefValType.ResultType(Optional.of(ref(13)), Optional.of(ref(3))), // 14
                fn(true, Optional.of(ref(14)), "request", ref(12))))); // 15
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(HttpComponents.memoryModule()))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of())))); // core instance 0
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.MEMORY), 0, "memory"), // core memory 0
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "realloc")))); // core func 0
        List<CanonOption> mem =
                List.of(new CanonOption.Memory(0), new CanonOption.Realloc(0), CanonOption.StringEncoding.UTF8);
        List<CanonOption> asyncMem = List.of(new CanonOption.Async(), new CanonOption.Memory(0));
        List<Canon> canons = new ArrayList<>();
        for (int i = 0; i < funcs.length; i++) {
            canons.add(new Canon.Lower(i, mem)); // core funcs 1..6
        }
        canons.addAll(List.of(
                new Canon.StreamNew(5), // 7
                new Canon.StreamRead(5, asyncMem), // 8
                new Canon.StreamWrite(5, asyncMem), // 9
                new Canon.StreamDropReadable(5), // 10
                new Canon.StreamDropWritable(5), // 11
                new Canon.WaitableSetNew(), // 12
                new Canon.WaitableSetWait(false, 0), // 13
                new Canon.WaitableJoin(), // 14
                new Canon.TaskReturn(
                        Optional.of(ref(14)),
                        List.of(new CanonOption.Memory(0), CanonOption.StringEncoding.UTF8)), // 15
                new Canon.FutureNew(7), // 16
                new Canon.FutureNew(11))); // 17
        s.add(new Section.Canons(canons));
        List<CoreInstance.Export> h = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            h.add(new CoreInstance.Export(NAMES[i], new CoreSortIndex(CoreSort.FUNC, i + 1)));
        }
        s.add(new Section.CoreInstances(List.of(new CoreInstance.FromExports(h)))); // core instance 1
        s.add(new Section.CoreModuleSection(new CoreModule(Bytes.of(mainModule(endBody)))));
        s.add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(
                1, List.of(new CoreInstance.Arg("env", 0), new CoreInstance.Arg("h", 1)))))); // core instance 2
        s.add(new Section.Aliases(List.of(
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "handle"), // core func 18
                new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "cb")))); // core func 19
        s.add(new Section.Canons(List.of(new Canon.Lift(
                18,
                List.of(
                        new CanonOption.Async(),
                        new CanonOption.Callback(19),
                        new CanonOption.Memory(0),
                        CanonOption.StringEncoding.UTF8),
                15)))); // func 6
        s.add(new Section.Instances(List.of(new Instance.FromExports(List.of(
                new Instance.InlineExport(ExternName.of("handle"), new SortIndex(Sort.Kind.FUNC, 6))))))); // inst 1
        s.add(new Section.Exports(List.of(new Export(
                ExternName.of("wasi:http/handler@0.3.0"), new SortIndex(Sort.Kind.INSTANCE, 1), Optional.empty()))));
        return ComponentEncoder.encode(dev.wreg.engine.binary.Component.of(s));
    }

    // Memory: 100 "x-wreg", 106 "yes", 200 the path (option<string>), 216 consume-body's tuple,
    // 232 append's result, 240 response.new's tuple, 16384.. the request body (the bump
    // allocator starts at 1024 and allocates only the path below it).
    private static final int BODY = 16384;

    private static byte[] mainModule(boolean endBody) {
        CoreAsm m = new CoreAsm();
        int I = CoreAsm.I32;
        int tII_V = m.type(CoreAsm.of(I, I), CoreAsm.of());
        int tIII_V = m.type(CoreAsm.of(I, I, I), CoreAsm.of());
        int tV_I = m.type(CoreAsm.of(), CoreAsm.of(I));
        int t6_V = m.type(CoreAsm.of(I, I, I, I, I, I), CoreAsm.of());
        int t5_V = m.type(CoreAsm.of(I, I, I, I, I), CoreAsm.of());
        int tII_I = m.type(CoreAsm.of(I, I), CoreAsm.of(I));
        int tV_L = m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I64));
        int tIII_I = m.type(CoreAsm.of(I, I, I), CoreAsm.of(I));
        int tI_V = m.type(CoreAsm.of(I), CoreAsm.of());
        // task.return of result<own<response>, error-code>: the discriminant, then the joined
        // payload slots (error-code: its case, then option<u64>'s i64 joined into slot 2).
        int tReturn = m.type(CoreAsm.of(I, I, I, CoreAsm.I64, I, I, I, I), CoreAsm.of());
        int[] types = {
            tII_V, tIII_V, tV_I, t6_V, t5_V, tII_I, tV_L, tIII_I, tIII_I, tI_V, tI_V, tV_I, tII_I, tII_V, tReturn, tV_L,
            tV_L
        };
        m.importMemory("env", "memory", 1);
        int[] f = new int[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            f[i] = m.importFunc("h", NAMES[i], types[i]);
        }
        int getPath = f[0], consumeBody = f[1], fields = f[2], append = f[3], responseNew = f[4], setStatus = f[5];
        int streamNew = f[6], streamRead = f[7], dropReadable = f[9], dropWritable = f[10];
        int taskReturn = f[14], futureNewTransmit = f[15], futureNewTrailers = f[16];
        P3Components.Imports h = new P3Components.Imports(
                -1,
                -1,
                streamNew,
                streamRead,
                f[8],
                dropReadable,
                dropWritable,
                f[11],
                f[12],
                f[13],
                taskReturn,
                -1,
                -1,
                -1,
                -1,
                -1);
        m.data(100, "x-wregyes");
        int await = P3Components.await(m, h);
        int writeAll = P3Components.writeAll(m, h, await);
        // param 0 request; locals 1 r, 2 off, 3 n, 4 headers, 5 bw, 6 response, 7 br; 8 pair (i64)
        CoreAsm.Code c = new CoreAsm.Code()
                .get(0)
                .i32(200)
                .call(getPath)
                // consume-body(request, res) with res the readable end of a new future
                .call(futureNewTransmit)
                .set(8)
                .get(0)
                .get(8)
                .wrap()
                .i32(216)
                .call(consumeBody)
                .i32(216)
                .load(0)
                .set(1)
                // read the request body into BODY until its stream ends
                .block()
                .loop()
                .get(1)
                .i32(BODY)
                .get(2)
                .add()
                .i32(4096)
                .call(streamRead)
                .set(3)
                .get(3)
                .i32(-1)
                .eq()
                .ifThen()
                .get(1)
                .call(await)
                .set(3)
                .end()
                .get(2)
                .get(3)
                .i32(4)
                .shrU()
                .add()
                .set(2)
                .get(3)
                .i32(0xf)
                .and()
                .i32(1)
                .eq()
                .brIf(1)
                .br(0)
                .end()
                .end()
                .get(1)
                .call(dropReadable)
                // headers: x-wreg: yes
                .call(fields)
                .set(4)
                .get(4)
                .i32(100)
                .i32(6)
                .i32(106)
                .i32(3)
                .i32(232)
                .call(append)
                // the body stream (br, bw) and a trailers future
                .call(streamNew)
                .set(8)
                .get(8)
                .wrap()
                .set(7)
                .get(8)
                .i64(32)
                .shrU64()
                .wrap()
                .set(5)
                .call(futureNewTrailers)
                .set(8)
                .get(4)
                .i32(1)
                .get(7)
                .get(8)
                .wrap()
                .i32(240)
                .call(responseNew)
                .i32(240)
                .load(0)
                .set(6)
                .get(6)
                .i32(201)
                .call(setStatus)
                .drop()
                // return ok(response), then write the body: the path, then the request's body
                .i32(0)
                .get(6)
                .i32(0)
                .i64(0)
                .i32(0)
                .i32(0)
                .i32(0)
                .i32(0)
                .call(taskReturn)
                .i32(200)
                .load8(0)
                .ifThen()
                .get(5)
                .i32(204)
                .load(0)
                .i32(208)
                .load(0)
                .call(writeAll)
                .end()
                .get(5)
                .i32(BODY)
                .get(2)
                .call(writeAll);
        if (endBody) {
            c.get(5).call(dropWritable);
        }
        c.i32(0);
        int handle = m.func(m.type(CoreAsm.of(I), CoreAsm.of(I)), 7, 1, c);
        m.exportFunc("handle", handle);
        int cb = m.func(tIII_I, 0, 0, new CoreAsm.Code().unreachable());
        m.exportFunc("cb", cb);
        return m.build();
    }
}
