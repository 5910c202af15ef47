package dev.wreg.engine.binary;

import dev.wreg.engine.binary.internal.WasmWriter;
import java.util.List;
import java.util.Optional;

/**
 * Encodes a {@link Component} into the component binary format.
 *
 * <p>Everything is re-encoded from the model with minimal (canonical) LEB128 integers, in the
 * forms wasm-tools' encoder writes, so decode → encode reproduces the input byte for byte for any
 * component wasm-tools encoded. Only where the input itself used non-minimal LEB128s does the
 * decoder keep that section's original bytes ({@link Component#retainedEncodings()}), and this
 * encoder writes those back verbatim while the section is unchanged. Core modules and custom
 * sections are bytes in the model and are written as they are.
 */
public final class ComponentEncoder {

    private ComponentEncoder() {}

    /** The component's binary form, preamble included. */
    public static byte[] encode(Component component) {
        WasmWriter w = new WasmWriter((int) Math.min(Integer.MAX_VALUE - 8, opaqueBytes(component) + 4096));
        writeComponent(w, component);
        return w.toByteArray();
    }

    /** The size of the embedded modules and custom sections, which dominate a component's size. */
    private static long opaqueBytes(Component component) {
        long n = 0;
        for (Section s : component.sections()) {
            n += switch (s) {
                case Section.CoreModuleSection m -> m.module().bytes().size();
                case Section.Custom c -> c.data().size();
                case Section.NestedComponent nested -> opaqueBytes(nested.component());
                default -> 0;
            };
        }
        return n;
    }

    private static void writeComponent(WasmWriter w, Component component) {
        w.bytes(WasmHeader.componentBytes());
        List<Section> sections = component.sections();
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            Component.RetainedEncoding retained = component.retainedEncodings().get(i);
            boolean keep = retained != null && retained.section().equals(section);
            if (keep && !(section instanceof Section.CoreModuleSection || section instanceof Section.NestedComponent)) {
                w.bytes(retained.bytes().unsafeArray());
                continue;
            }
            if (!keep && section instanceof Section.CoreModuleSection m) {
                // Large modules go straight to the output instead of through a content buffer.
                Bytes module = m.module().bytes();
                w.u8(section.id()).u32(module.size()).bytes(module.unsafeArray());
                continue;
            }
            WasmWriter content = new WasmWriter();
            writeSection(content, section);
            if (keep && headerDeclares(retained.bytes(), content.size())) {
                w.bytes(retained.bytes().unsafeArray());
                w.append(content);
            } else {
                w.u8(section.id());
                w.sized(content);
            }
        }
    }

    /** Whether a retained section header (id byte, then a LEB128 size) declares {@code size}. */
    private static boolean headerDeclares(Bytes header, int size) {
        long declared = 0;
        int shift = 0;
        for (int i = 1; i < header.size() && shift < 64; i++, shift += 7) {
            declared |= (long) (header.get(i) & 0x7f) << shift;
        }
        return declared == size;
    }

    private static void writeSection(WasmWriter w, Section section) {
        switch (section) {
            case Section.Custom c -> {
                w.name(c.name());
                w.bytes(c.data().unsafeArray());
            }
            case Section.CoreModuleSection m -> w.bytes(m.module().bytes().unsafeArray());
            case Section.CoreInstances s -> vec(w, s.instances(), ComponentEncoder::writeCoreInstance);
            case Section.CoreTypes s -> vec(w, s.types(), ComponentEncoder::writeCoreType);
            case Section.NestedComponent n -> writeComponent(w, n.component());
            case Section.Instances s -> vec(w, s.instances(), ComponentEncoder::writeInstance);
            case Section.Aliases s -> vec(w, s.aliases(), ComponentEncoder::writeAlias);
            case Section.Types s -> vec(w, s.types(), ComponentEncoder::writeDefType);
            case Section.Canons s -> vec(w, s.canons(), ComponentEncoder::writeCanon);
            case Section.Start s -> {
                w.u32(s.funcIndex());
                vec(w, s.args(), WasmWriter::u32);
                w.u32(s.results());
            }
            case Section.Imports s ->
                vec(w, s.imports(), (x, i) -> {
                    writeExternName(x, i.name());
                    writeExternType(x, i.type());
                });
            case Section.Exports s -> vec(w, s.exports(), ComponentEncoder::writeExport);
            case Section.Values s ->
                vec(w, s.values(), (x, v) -> {
                    writeValType(x, v.type());
                    x.u32(v.encoded().size());
                    x.bytes(v.encoded().unsafeArray());
                });
        }
    }

    @FunctionalInterface
    private interface ItemWriter<T> {
        void write(WasmWriter w, T item);
    }

    private static <T> void vec(WasmWriter w, List<T> items, ItemWriter<T> item) {
        w.u32(items.size());
        for (T t : items) {
            item.write(w, t);
        }
    }

    private static <T> void optional(WasmWriter w, Optional<T> value, ItemWriter<T> item) {
        if (value.isPresent()) {
            w.u8(1);
            item.write(w, value.get());
        } else {
            w.u8(0);
        }
    }

    // ---- instances and aliases

    private static void writeCoreInstance(WasmWriter w, CoreInstance instance) {
        switch (instance) {
            case CoreInstance.Instantiate i -> {
                w.u8(0x00).u32(i.moduleIndex());
                vec(w, i.args(), (x, a) -> x.name(a.name()).u8(0x12).u32(a.instanceIndex()));
            }
            case CoreInstance.FromExports e -> {
                w.u8(0x01);
                vec(
                        w,
                        e.exports(),
                        (x, ex) -> x.name(ex.name())
                                .u8(ex.item().sort().code())
                                .u32(ex.item().index()));
            }
        }
    }

    static void writeSort(WasmWriter w, Sort sort) {
        switch (sort) {
            case Sort.Core c -> w.u8(0x00).u8(c.sort().code());
            case Sort.Kind k -> w.u8(k.code());
        }
    }

    private static void writeSortIndex(WasmWriter w, SortIndex si) {
        writeSort(w, si.sort());
        w.u32(si.index());
    }

    private static void writeInstance(WasmWriter w, Instance instance) {
        switch (instance) {
            case Instance.Instantiate i -> {
                w.u8(0x00).u32(i.componentIndex());
                vec(w, i.args(), (x, a) -> {
                    x.name(a.name());
                    writeSortIndex(x, a.item());
                });
            }
            case Instance.FromExports e -> {
                w.u8(0x01);
                vec(w, e.exports(), (x, ex) -> {
                    writeExternName(x, ex.name());
                    writeSortIndex(x, ex.item());
                });
            }
        }
    }

    private static void writeAlias(WasmWriter w, Alias alias) {
        writeSort(w, alias.sort());
        switch (alias) {
            case Alias.InstanceExport a -> w.u8(0x00).u32(a.instanceIndex()).name(a.name());
            case Alias.CoreInstanceExport a -> w.u8(0x01).u32(a.instanceIndex()).name(a.name());
            case Alias.Outer a -> w.u8(0x02).u32(a.count()).u32(a.index());
        }
    }

    // ---- names, imports, exports

    private static void writeExternName(WasmWriter w, ExternName name) {
        w.u8(name.prefix());
        w.name(name.name());
        if (name.prefix() == 2) {
            vec(w, name.attributes(), (x, a) -> {
                switch (a) {
                    case NameAttribute.Implements i -> x.u8(0x00).name(i.interfaceName());
                    case NameAttribute.VersionSuffix v -> x.u8(0x01).name(v.suffix());
                    case NameAttribute.ExternalId e -> x.u8(0x02).name(e.id());
                }
            });
        }
    }

    private static void writeExternType(WasmWriter w, ExternType type) {
        switch (type) {
            case ExternType.CoreModule m -> w.u8(0x00).u8(0x11).u32(m.typeIndex());
            case ExternType.Func f -> w.u8(0x01).u32(f.typeIndex());
            case ExternType.Value v -> {
                w.u8(0x02);
                writeValType(w, v.type());
            }
            case ExternType.Type t -> {
                w.u8(0x03);
                switch (t.bound()) {
                    case ExternType.TypeBound.Eq e -> w.u8(0x00).u32(e.typeIndex());
                    case ExternType.TypeBound.SubResource s -> w.u8(0x01);
                }
            }
            case ExternType.Component c -> w.u8(0x04).u32(c.typeIndex());
            case ExternType.Instance i -> w.u8(0x05).u32(i.typeIndex());
        }
    }

    private static void writeExport(WasmWriter w, Export export) {
        writeExternName(w, export.name());
        writeSortIndex(w, export.item());
        optional(w, export.ascribedType(), ComponentEncoder::writeExternType);
    }

    // ---- component types

    private static void writeValType(WasmWriter w, ValType type) {
        switch (type) {
            case PrimitiveType p -> w.u8(p.code());
            // Type indices share the negative-SLEB space with the primitive codes, so they are s33.
            case ValType.Ref r -> w.s64(Integer.toUnsignedLong(r.index()));
        }
    }

    private static void writeDefType(WasmWriter w, DefType type) {
        switch (type) {
            case DefType.Resource r -> {
                w.u8(0x3f);
                writeCoreValType(w, r.rep());
                optional(w, r.destructor(), WasmWriter::u32);
            }
            case DefType.Func f -> {
                w.u8(f.async() ? 0x43 : 0x40);
                vec(w, f.params(), (x, p) -> {
                    x.name(p.name());
                    writeValType(x, p.type());
                });
                writeResultList(w, f.result());
            }
            case DefType.ComponentType c -> {
                w.u8(0x41);
                vec(w, c.decls(), ComponentEncoder::writeTypeDecl);
            }
            case DefType.InstanceType i -> {
                w.u8(0x42);
                vec(w, i.decls(), ComponentEncoder::writeTypeDecl);
            }
            case DefValType v -> writeDefValType(w, v);
        }
    }

    private static void writeResultList(WasmWriter w, Optional<ValType> result) {
        if (result.isPresent()) {
            w.u8(0x00);
            writeValType(w, result.get());
        } else {
            w.u8(0x01).u8(0x00);
        }
    }

    private static void writeDefValType(WasmWriter w, DefValType type) {
        switch (type) {
            case PrimitiveType p -> w.u8(p.code());
            case DefValType.RecordType r -> {
                w.u8(0x72);
                vec(w, r.fields(), (x, f) -> {
                    x.name(f.name());
                    writeValType(x, f.type());
                });
            }
            case DefValType.VariantType v -> {
                w.u8(0x71);
                vec(w, v.cases(), (x, c) -> {
                    x.name(c.name());
                    optional(x, c.type(), ComponentEncoder::writeValType);
                    x.u8(0x00);
                });
            }
            case DefValType.ListType l -> {
                w.u8(0x70);
                writeValType(w, l.element());
            }
            case DefValType.FixedListType l -> {
                w.u8(0x67);
                writeValType(w, l.element());
                w.u32(l.length());
            }
            case DefValType.TupleType t -> {
                w.u8(0x6f);
                vec(w, t.types(), ComponentEncoder::writeValType);
            }
            case DefValType.FlagsType f -> {
                w.u8(0x6e);
                vec(w, f.names(), WasmWriter::name);
            }
            case DefValType.EnumType e -> {
                w.u8(0x6d);
                vec(w, e.names(), WasmWriter::name);
            }
            case DefValType.OptionType o -> {
                w.u8(0x6b);
                writeValType(w, o.type());
            }
            case DefValType.ResultType r -> {
                w.u8(0x6a);
                optional(w, r.ok(), ComponentEncoder::writeValType);
                optional(w, r.err(), ComponentEncoder::writeValType);
            }
            case DefValType.Own o -> w.u8(0x69).u32(o.resourceIndex());
            case DefValType.Borrow b -> w.u8(0x68).u32(b.resourceIndex());
            case DefValType.StreamType s -> {
                w.u8(0x66);
                optional(w, s.payload(), ComponentEncoder::writeValType);
            }
            case DefValType.FutureType f -> {
                w.u8(0x65);
                optional(w, f.payload(), ComponentEncoder::writeValType);
            }
            case DefValType.MapType m -> {
                w.u8(0x63);
                writeValType(w, m.key());
                writeValType(w, m.value());
            }
        }
    }

    private static void writeTypeDecl(WasmWriter w, TypeDecl decl) {
        switch (decl) {
            case TypeDecl.CoreTypeDecl c -> {
                w.u8(0x00);
                writeCoreType(w, c.type());
            }
            case TypeDecl.TypeDef t -> {
                w.u8(0x01);
                writeDefType(w, t.type());
            }
            case TypeDecl.AliasDecl a -> {
                w.u8(0x02);
                writeAlias(w, a.alias());
            }
            case TypeDecl.ImportDecl i -> {
                w.u8(0x03);
                writeExternName(w, i.name());
                writeExternType(w, i.type());
            }
            case TypeDecl.ExportDecl e -> {
                w.u8(0x04);
                writeExternName(w, e.name());
                writeExternType(w, e.type());
            }
        }
    }

    // ---- canonical definitions

    private static void writeCanon(WasmWriter w, Canon canon) {
        switch (canon) {
            case Canon.Lift l -> {
                w.u8(0x00).u8(0x00).u32(l.coreFuncIndex());
                writeOptions(w, l.options());
                w.u32(l.typeIndex());
            }
            case Canon.Lower l -> {
                w.u8(0x01).u8(0x00).u32(l.funcIndex());
                writeOptions(w, l.options());
            }
            case Canon.ResourceNew r -> w.u8(0x02).u32(r.resourceIndex());
            case Canon.ResourceDrop r -> w.u8(0x03).u32(r.resourceIndex());
            case Canon.ResourceRep r -> w.u8(0x04).u32(r.resourceIndex());
            case Canon.BackpressureInc b -> w.u8(0x24);
            case Canon.BackpressureDec b -> w.u8(0x25);
            case Canon.TaskReturn t -> {
                w.u8(0x09);
                writeResultList(w, t.result());
                writeOptions(w, t.options());
            }
            case Canon.TaskCancel t -> w.u8(0x05);
            case Canon.ContextGet c -> {
                w.u8(0x0a);
                writeCoreValType(w, c.type());
                w.u32(c.slot());
            }
            case Canon.ContextSet c -> {
                w.u8(0x0b);
                writeCoreValType(w, c.type());
                w.u32(c.slot());
            }
            case Canon.SubtaskCancel s -> w.u8(0x06).u8(s.async() ? 1 : 0);
            case Canon.SubtaskDrop s -> w.u8(0x0d);
            case Canon.StreamNew s -> w.u8(0x0e).u32(s.typeIndex());
            case Canon.StreamRead s -> {
                w.u8(0x0f).u32(s.typeIndex());
                writeOptions(w, s.options());
            }
            case Canon.StreamWrite s -> {
                w.u8(0x10).u32(s.typeIndex());
                writeOptions(w, s.options());
            }
            case Canon.StreamCancelRead s -> w.u8(0x11).u32(s.typeIndex()).u8(s.async() ? 1 : 0);
            case Canon.StreamCancelWrite s -> w.u8(0x12).u32(s.typeIndex()).u8(s.async() ? 1 : 0);
            case Canon.StreamDropReadable s -> w.u8(0x13).u32(s.typeIndex());
            case Canon.StreamDropWritable s -> w.u8(0x14).u32(s.typeIndex());
            case Canon.FutureNew f -> w.u8(0x15).u32(f.typeIndex());
            case Canon.FutureRead f -> {
                w.u8(0x16).u32(f.typeIndex());
                writeOptions(w, f.options());
            }
            case Canon.FutureWrite f -> {
                w.u8(0x17).u32(f.typeIndex());
                writeOptions(w, f.options());
            }
            case Canon.FutureCancelRead f -> w.u8(0x18).u32(f.typeIndex()).u8(f.async() ? 1 : 0);
            case Canon.FutureCancelWrite f -> w.u8(0x19).u32(f.typeIndex()).u8(f.async() ? 1 : 0);
            case Canon.FutureDropReadable f -> w.u8(0x1a).u32(f.typeIndex());
            case Canon.FutureDropWritable f -> w.u8(0x1b).u32(f.typeIndex());
            case Canon.ErrorContextNew e -> {
                w.u8(0x1c);
                writeOptions(w, e.options());
            }
            case Canon.ErrorContextDebugMessage e -> {
                w.u8(0x1d);
                writeOptions(w, e.options());
            }
            case Canon.ErrorContextDrop e -> w.u8(0x1e);
            case Canon.WaitableSetNew x -> w.u8(0x1f);
            case Canon.WaitableSetWait x ->
                w.u8(0x20).u8(x.cancellable() ? 1 : 0).u32(x.memoryIndex());
            case Canon.WaitableSetPoll x ->
                w.u8(0x21).u8(x.cancellable() ? 1 : 0).u32(x.memoryIndex());
            case Canon.WaitableSetDrop x -> w.u8(0x22);
            case Canon.WaitableJoin x -> w.u8(0x23);
            case Canon.ThreadIndex t -> w.u8(0x26);
            case Canon.ThreadNewIndirect t -> w.u8(0x27).u32(t.funcTypeIndex()).u32(t.tableIndex());
            case Canon.ThreadResumeLater t -> w.u8(0x28);
            case Canon.ThreadSuspend t -> w.u8(0x29).u8(t.cancellable() ? 1 : 0);
            case Canon.ThreadYield t -> w.u8(0x0c).u8(t.cancellable() ? 1 : 0);
            case Canon.ThreadSuspendThenResume t -> w.u8(0x2a).u8(t.cancellable() ? 1 : 0);
            case Canon.ThreadYieldThenResume t -> w.u8(0x2b).u8(t.cancellable() ? 1 : 0);
            case Canon.ThreadSuspendThenPromote t -> w.u8(0x2c).u8(t.cancellable() ? 1 : 0);
            case Canon.ThreadYieldThenPromote t -> w.u8(0x2d).u8(t.cancellable() ? 1 : 0);
            case Canon.ThreadSpawnRef t -> w.u8(0x40).u32(t.funcTypeIndex());
            case Canon.ThreadSpawnIndirect t ->
                w.u8(0x41).u32(t.funcTypeIndex()).u32(t.tableIndex());
            case Canon.ThreadAvailableParallelism t -> w.u8(0x42);
        }
    }

    private static void writeOptions(WasmWriter w, List<CanonOption> options) {
        vec(w, options, (x, o) -> {
            switch (o) {
                case CanonOption.StringEncoding e ->
                    x.u8(
                            switch (e) {
                                case UTF8 -> 0x00;
                                case UTF16 -> 0x01;
                                case LATIN1_UTF16 -> 0x02;
                            });
                case CanonOption.Memory m -> x.u8(0x03).u32(m.memoryIndex());
                case CanonOption.Realloc r -> x.u8(0x04).u32(r.funcIndex());
                case CanonOption.PostReturn p -> x.u8(0x05).u32(p.funcIndex());
                case CanonOption.Async a -> x.u8(0x06);
                case CanonOption.Callback c -> x.u8(0x07).u32(c.funcIndex());
                case CanonOption.CoreTypeOption t -> x.u8(0x08).u32(t.typeIndex());
                case CanonOption.Gc g -> x.u8(0x09);
            }
        });
    }

    // ---- core types

    private static void writeCoreType(WasmWriter w, CoreType type) {
        switch (type) {
            case CoreType.ModuleType m -> {
                w.u8(0x50);
                vec(w, m.decls(), ComponentEncoder::writeModuleDecl);
            }
            case CoreType.RecGroup g -> {
                // A lone non-final sub type would start with 0x50, the module type opcode, so at the
                // top level of a component core type it takes a 0x00 prefix (Binary.md).
                if (!g.explicit()
                        && g.types().size() == 1
                        && needsSubPrefix(g.types().getFirst())) {
                    w.u8(0x00);
                }
                writeRecGroup(w, g);
            }
        }
    }

    private static boolean needsSubPrefix(CoreType.SubType t) {
        return !t.isFinal();
    }

    private static void writeRecGroup(WasmWriter w, CoreType.RecGroup g) {
        if (g.explicit() || g.types().size() != 1) {
            w.u8(0x4e);
            vec(w, g.types(), ComponentEncoder::writeSubType);
        } else {
            writeSubType(w, g.types().getFirst());
        }
    }

    private static void writeSubType(WasmWriter w, CoreType.SubType t) {
        if (!t.isFinal() || !t.supertypes().isEmpty()) {
            w.u8(t.isFinal() ? 0x4f : 0x50);
            vec(w, t.supertypes(), WasmWriter::u32);
        }
        writeCompositeType(w, t.composite());
    }

    private static void writeCompositeType(WasmWriter w, CoreType.CompositeType c) {
        if (c.shared()) {
            w.u8(0x65);
        }
        c.describes().ifPresent(i -> w.u8(0x4c).u32(i));
        c.descriptor().ifPresent(i -> w.u8(0x4d).u32(i));
        switch (c.inner()) {
            case CoreType.FuncType f -> {
                w.u8(0x60);
                vec(w, f.params(), ComponentEncoder::writeCoreValType);
                vec(w, f.results(), ComponentEncoder::writeCoreValType);
            }
            case CoreType.StructType s -> {
                w.u8(0x5f);
                vec(w, s.fields(), ComponentEncoder::writeFieldType);
            }
            case CoreType.ArrayType a -> {
                w.u8(0x5e);
                writeFieldType(w, a.element());
            }
            case CoreType.ContType k -> w.u8(0x5d).u32(k.funcTypeIndex());
        }
    }

    private static void writeFieldType(WasmWriter w, CoreType.FieldType f) {
        switch (f.storage()) {
            case CoreType.Packed p -> w.u8(p.code());
            case CoreType.ValType v -> writeCoreValType(w, v);
        }
        w.u8(f.mutable() ? 1 : 0);
    }

    private static void writeCoreValType(WasmWriter w, CoreType.ValType type) {
        switch (type) {
            case CoreType.NumType n -> w.u8(n.code());
            case CoreType.RefType r -> {
                if (r.nullable() && r.heap() instanceof CoreType.AbstractHeap a) {
                    // The short form: `ref null <abstract>` abbreviates to the heap type's byte.
                    if (a.shared()) {
                        w.u8(0x65);
                    }
                    w.u8(a.kind().code());
                } else {
                    w.u8(r.nullable() ? 0x63 : 0x64);
                    writeHeapType(w, r.heap());
                }
            }
        }
    }

    private static void writeHeapType(WasmWriter w, CoreType.HeapType heap) {
        switch (heap) {
            case CoreType.AbstractHeap a -> {
                if (a.shared()) {
                    w.u8(0x65);
                }
                w.u8(a.kind().code());
            }
            case CoreType.ConcreteHeap c -> w.s64(Integer.toUnsignedLong(c.typeIndex()));
            case CoreType.ExactHeap e -> w.u8(0x62).u32(e.typeIndex());
        }
    }

    private static void writeModuleDecl(WasmWriter w, CoreType.ModuleDecl decl) {
        switch (decl) {
            case CoreType.ImportDecl i -> {
                w.u8(0x00).name(i.module()).name(i.name());
                writeCoreExternType(w, i.type());
            }
            case CoreType.TypeDecl t -> {
                w.u8(0x01);
                writeRecGroup(w, t.type());
            }
            case CoreType.OuterAliasDecl a ->
                w.u8(0x02).u8(0x10).u8(0x01).u32(a.count()).u32(a.index());
            case CoreType.ExportDecl e -> {
                w.u8(0x03).name(e.name());
                writeCoreExternType(w, e.type());
            }
        }
    }

    private static void writeCoreExternType(WasmWriter w, CoreType.ExternType type) {
        switch (type) {
            case CoreType.FuncExtern f -> w.u8(0x00).u32(f.typeIndex());
            case CoreType.FuncExactExtern f -> w.u8(0x20).u32(f.typeIndex());
            case CoreType.TableExtern t -> {
                w.u8(0x01);
                writeCoreValType(w, t.element());
                writeLimits(w, t.limits());
            }
            case CoreType.MemoryExtern m -> {
                w.u8(0x02);
                writeLimits(w, m.limits());
            }
            case CoreType.GlobalExtern g -> {
                w.u8(0x03);
                writeCoreValType(w, g.type());
                w.u8(g.flags());
            }
            case CoreType.TagExtern t -> w.u8(0x04).u8(t.attribute()).u32(t.typeIndex());
        }
    }

    private static void writeLimits(WasmWriter w, CoreType.Limits limits) {
        w.u8(limits.flags());
        w.u64(limits.min());
        limits.max().ifPresent(w::u64);
        limits.pageSizeLog2().ifPresent(w::u32);
    }
}
