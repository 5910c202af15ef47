package dev.wreg.engine.wasi;

import static dev.wreg.engine.wasi.HttpComponents.bytes;
import static dev.wreg.engine.wasi.HttpComponents.code;
import static dev.wreg.engine.wasi.HttpComponents.header;
import static dev.wreg.engine.wasi.HttpComponents.name;
import static dev.wreg.engine.wasi.HttpComponents.section;

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
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A hand-built command that tries to open a TCP socket: {@code run} calls {@code
 * wasi:sockets/tcp-create-socket@0.2.3#create-tcp-socket(ipv4)} (declared with its WIT types) and
 * returns {@code ok} only if it got a socket, so exit code 1 means the host refused.
 */
final class SocketCommand {
    private SocketCommand() {}

    private static final List<String> ERROR_CODES = List.of(
            "unknown",
            "access-denied",
            "not-supported",
            "invalid-argument",
            "out-of-memory",
            "timeout",
            "concurrency-conflict",
            "not-in-progress",
            "would-block",
            "invalid-state",
            "new-socket-limit",
            "address-not-bindable",
            "address-in-use",
            "remote-unreachable",
            "connection-refused",
            "connection-reset",
            "connection-aborted",
            "datagram-too-large",
            "name-unresolvable",
            "temporary-resolver-failure",
            "permanent-resolver-failure");

    static byte[] openTcpSocket() {
        TypeDecl tcpSocket = new TypeDecl.ExportDecl(
                ExternName.of("tcp-socket"), new ExternType.Type(new ExternType.TypeBound.SubResource()));
        // 0 tcp-socket, 1 ip-address-family, 2 error-code, 3 own<tcp-socket>, 4 result, 5 the function
        List<TypeDecl> create = List.of(
                new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.TYPE, 1, 1)),
                new TypeDecl.TypeDef(new DefValType.EnumType(List.of("ipv4", "ipv6"))),
                new TypeDecl.TypeDef(new DefValType.EnumType(ERROR_CODES)),
                new TypeDecl.TypeDef(new DefValType.Own(0)),
                new TypeDecl.TypeDef(
                        new DefValType.ResultType(Optional.of(ValType.ref(3)), Optional.of(ValType.ref(2)))),
                new TypeDecl.TypeDef(new DefType.Func(
                        false,
                        List.of(new DefType.Param("address-family", ValType.ref(1))),
                        Optional.of(ValType.ref(4)))),
                new TypeDecl.ExportDecl(ExternName.of("create-tcp-socket"), new ExternType.Func(5)));
        Instance.FromExports runInstance = new Instance.FromExports(
                List.of(new Instance.InlineExport(ExternName.of("run"), new SortIndex(Sort.Kind.FUNC, 1))));
        List<Section> s = List.of(
                new Section.Types(List.of(new DefType.InstanceType(List.of(tcpSocket)))), // type 0
                new Section.Imports(
                        List.of(new Import(ExternName.of("wasi:sockets/tcp@0.2.3"), new ExternType.Instance(0)))),
                new Section.Aliases(List.of(new Alias.InstanceExport(Sort.Kind.TYPE, 0, "tcp-socket"))), // type 1
                new Section.Types(List.of(new DefType.InstanceType(create))), // type 2
                new Section.Imports(List.of(
                        new Import(ExternName.of("wasi:sockets/tcp-create-socket@0.2.3"), new ExternType.Instance(2)))),
                new Section.Aliases(List.of(new Alias.InstanceExport(Sort.Kind.FUNC, 1, "create-tcp-socket"))),
                new Section.CoreModuleSection(new CoreModule(Bytes.of(HttpComponents.memoryModule()))),
                new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of()))), // core instance 0
                new Section.Aliases(List.of(
                        new Alias.CoreInstanceExport(Sort.core(CoreSort.MEMORY), 0, "memory"),
                        new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 0, "realloc"))), // core func 0
                new Section.Canons(List.of(new Canon.Lower(0, List.of(new CanonOption.Memory(0))))), // core func 1
                new Section.CoreInstances(List.of(new CoreInstance.FromExports(
                        List.of(new CoreInstance.Export("create-tcp-socket", new CoreSortIndex(CoreSort.FUNC, 1)))))),
                new Section.CoreModuleSection(new CoreModule(Bytes.of(mainModule()))),
                new Section.CoreInstances(List.of(new CoreInstance.Instantiate(
                        1, List.of(new CoreInstance.Arg("env", 0), new CoreInstance.Arg("s", 1))))), // core instance 2
                new Section.Aliases(List.of(new Alias.CoreInstanceExport(Sort.core(CoreSort.FUNC), 2, "run"))),
                new Section.Types(List.of(
                        new DefValType.ResultType(Optional.empty(), Optional.empty()), // type 3
                        new DefType.Func(false, List.of(), Optional.of(ValType.ref(3))))), // type 4
                new Section.Canons(List.of(new Canon.Lift(2, List.of(), 4))), // func 1
                new Section.Instances(List.of(runInstance)), // instance 2
                new Section.Exports(List.of(new Export(
                        ExternName.of("wasi:cli/run@0.2.3"), new SortIndex(Sort.Kind.INSTANCE, 2), Optional.empty()))));
        return ComponentEncoder.encode(dev.wreg.engine.binary.Component.of(s));
    }

    /** {@code run}: create-tcp-socket(ipv4, retptr 16); return the result's discriminant (0 = ok). */
    private static byte[] mainModule() {
        ByteArrayOutputStream m = header();
        section(m, 1, bytes(0x02, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x00, 0x01, 0x7f));
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(2);
        name(imports, "env");
        name(imports, "memory");
        imports.writeBytes(bytes(0x02, 0x00, 0x01));
        name(imports, "s");
        name(imports, "create-tcp-socket");
        imports.writeBytes(bytes(0x00, 0x00));
        section(m, 2, imports.toByteArray());
        section(m, 3, bytes(0x01, 0x01));
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.write(1);
        name(e, "run");
        e.writeBytes(bytes(0x00, 0x01));
        section(m, 7, e.toByteArray());
        code(m, List.of(bytes(0x00, 0x41, 0x00, 0x41, 16, 0x10, 0x00, 0x41, 16, 0x2d, 0x00, 0x00)));
        return m.toByteArray();
    }
}
