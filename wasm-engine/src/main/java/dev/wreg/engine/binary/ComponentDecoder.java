package dev.wreg.engine.binary;

import dev.wreg.engine.binary.internal.WasmReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the component binary format (Binary.md, as wasm-tools 1.257 reads it) into a {@link
 * Component}.
 *
 * <p>The decoder checks the grammar only; index and type validation is the validator's job. It is
 * robust by construction: every count and size is checked against the bytes that remain before
 * anything is allocated, LEB128 integers are bounded, strings must be valid UTF-8, and the nesting
 * of components and component/instance types is capped at {@link #MAX_NESTING_DEPTH}. Any problem
 * ends in a {@link MalformedComponentException} with the byte offset.
 */
public final class ComponentDecoder {

    /** Deepest allowed nesting of components and of component/instance types inside each other. */
    public static final int MAX_NESTING_DEPTH = 100;

    private ComponentDecoder() {}

    /** Decodes a whole component binary. */
    public static Component decode(byte[] bytes) {
        WasmReader r = new WasmReader(bytes);
        readPreamble(r);
        return readComponent(r, 0);
    }

    /**
     * A decoded component and where its parts start in the input, for diagnostics that point at
     * bytes (a validator's {@code (at offset 0x…)}).
     *
     * @param offsets byte offsets keyed by identity: every {@link Section}, every item of a
     *     section's or type's vector ({@link Import}, {@link Export}, {@link Canon}, {@link Alias},
     *     {@link DefType}, {@link TypeDecl}, {@link CoreType}, {@link Instance}, {@link
     *     CoreInstance}, …), and each {@link CoreModule} (its offset being that of the module's own
     *     preamble, so offsets inside the module add to it)
     */
    public record Located(Component component, Map<Object, Integer> offsets) {
        /** The offset where {@code item} starts, or -1 when it was not recorded. */
        public int offsetOf(Object item) {
            Integer at = offsets.get(item);
            return at == null ? -1 : at;
        }
    }

    /** Decodes like {@link #decode}, also recording where each item starts. */
    public static Located decodeLocated(byte[] bytes) {
        Map<Object, Integer> offsets = new java.util.IdentityHashMap<>();
        WasmReader r = new WasmReader(bytes);
        r.recordPositions(offsets);
        readPreamble(r);
        return new Located(readComponent(r, 0), offsets);
    }

    private static void readPreamble(WasmReader r) {
        int start = r.position();
        if (r.remaining() < 4) {
            throw r.error("unexpected end-of-file", r.end());
        }
        if (r.u8() != 0 || r.u8() != 'a' || r.u8() != 's' || r.u8() != 'm') {
            throw r.error("magic header not detected: bad magic number", start);
        }
        if (r.remaining() < 4) {
            throw r.error("unexpected end-of-file", r.end());
        }
        int version = r.u8() | (r.u8() << 8);
        int layer = r.u8() | (r.u8() << 8);
        if (layer == 0) {
            throw r.error("expected a component, found a core module (layer 0)", start + 6);
        }
        if (layer != WasmHeader.LAYER_COMPONENT) {
            throw r.error(
                    "unknown binary version and encoding combination: 0x" + Integer.toHexString(version) + " and 0x"
                            + Integer.toHexString(layer),
                    start + 4);
        }
        if (version != Component.VERSION) {
            throw r.error("unknown component version: 0x" + Integer.toHexString(version), start + 4);
        }
    }

    private static void checkCoreModulePreamble(WasmReader r) {
        byte[] d = r.data();
        int p = r.position();
        if (r.remaining() < 4) {
            throw r.error("unexpected end-of-file", r.end());
        }
        if (d[p] != 0 || d[p + 1] != 'a' || d[p + 2] != 's' || d[p + 3] != 'm') {
            throw r.error("magic header not detected: bad magic number", p);
        }
        if (r.remaining() < 8) {
            throw r.error("unexpected end-of-file", r.end());
        }
        if (d[p + 4] != 1 || d[p + 5] != 0 || d[p + 6] != 0 || d[p + 7] != 0) {
            throw r.error("expected a version header for a module", p + 4);
        }
    }

    private static Component readComponent(WasmReader r, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw r.error("nesting too deep: more than " + MAX_NESTING_DEPTH + " levels");
        }
        List<Section> sections = new ArrayList<>();
        Map<Integer, Component.RetainedEncoding> retained = new HashMap<>();
        while (!r.atEnd()) {
            int sectionStart = r.position();
            int lebsBefore = r.nonMinimalLebs();
            int id = r.u8();
            int sizeOffset = r.position();
            int size = r.u32();
            if (size < 0 || size > r.remaining()) {
                throw r.error(
                        "unexpected end-of-file: section size " + Integer.toUnsignedString(size) + " exceeds the "
                                + r.remaining() + " remaining bytes",
                        sizeOffset);
            }
            WasmReader content = r.slice(size);
            Section section = readSection(id, content, depth, sectionStart);
            r.mark(section, sectionStart);
            if (!content.atEnd()) {
                throw content.error("section size mismatch: unexpected data at the end of the section");
            }
            int nonMinimal = r.nonMinimalLebs() - lebsBefore;
            if (id != 4) {
                // A nested component keeps its own retained encodings, section by section.
                nonMinimal += content.nonMinimalLebs();
            }
            if (nonMinimal > 0) {
                // Core modules and nested components only need their header kept: their content is
                // reproduced exactly anyway (bytes, or a nested component with its own retained
                // sections), and copying it again would let nesting multiply memory use.
                int keptEnd = id == 1 || id == 4 ? content.end() - size : r.position();
                retained.put(
                        sections.size(),
                        new Component.RetainedEncoding(
                                section, Bytes.of(r.data(), sectionStart, keptEnd - sectionStart)));
            }
            sections.add(section);
        }
        return new Component(sections, retained);
    }

    private static Section readSection(int id, WasmReader r, int depth, int sectionStart) {
        return switch (id) {
            case 0 -> {
                String name = r.name();
                Bytes data = Bytes.of(r.data(), r.position(), r.remaining());
                r.skip(r.remaining());
                yield new Section.Custom(name, data);
            }
            case 1 -> {
                checkCoreModulePreamble(r);
                int moduleStart = r.position();
                Bytes module = Bytes.of(r.data(), r.position(), r.remaining());
                r.skip(r.remaining());
                CoreModule coreModule = new CoreModule(module);
                r.mark(coreModule, moduleStart);
                yield new Section.CoreModuleSection(coreModule);
            }
            case 2 -> new Section.CoreInstances(vec(r, "core instance", ComponentDecoder::readCoreInstance));
            case 3 -> new Section.CoreTypes(vec(r, "core type", x -> readCoreType(x, depth)));
            case 4 -> {
                readPreamble(r);
                yield new Section.NestedComponent(readComponent(r, depth + 1));
            }
            case 5 -> new Section.Instances(vec(r, "instance", ComponentDecoder::readInstance));
            case 6 -> new Section.Aliases(vec(r, "alias", ComponentDecoder::readAlias));
            case 7 -> new Section.Types(vec(r, "type", x -> readDefType(x, depth + 1)));
            case 8 -> new Section.Canons(vec(r, "canonical function", ComponentDecoder::readCanon));
            case 9 -> {
                int func = r.u32();
                List<Integer> args = vec(r, "start function arguments", 1000, WasmReader::u32);
                int resultsAt = r.position();
                int results = r.u32();
                if (results < 0 || results > 1000) {
                    throw r.error("start function results size is out of bounds", resultsAt);
                }
                yield new Section.Start(func, args, results);
            }
            case 10 -> new Section.Imports(vec(r, "import", ComponentDecoder::readImport));
            case 11 -> new Section.Exports(vec(r, "export", ComponentDecoder::readExport));
            case 12 -> new Section.Values(vec(r, "value", ComponentDecoder::readValue));
            default -> throw r.error("invalid section id: " + id, sectionStart);
        };
    }

    @FunctionalInterface
    private interface ItemReader<T> {
        T read(WasmReader r);
    }

    private static <T> List<T> vec(WasmReader r, String what, ItemReader<T> item) {
        return vec(r, what, Integer.MAX_VALUE, item);
    }

    /**
     * A vector whose length wasm-tools caps at {@code limit} (its implementation limits, e.g. 1000
     * function parameters); exceeding the cap is reported as wasm-tools does.
     */
    private static <T> List<T> vec(WasmReader r, String what, int limit, ItemReader<T> item) {
        int at = r.position();
        int n = r.count(what);
        if (n > limit) {
            throw r.error(what + " size is out of bounds", at);
        }
        // Grow with the items actually read: a lying count must not reserve memory up front.
        List<T> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            int itemStart = r.position();
            T read = item.read(r);
            r.mark(read, itemStart);
            out.add(read);
        }
        return out;
    }

    private static <T> Optional<T> optional(WasmReader r, String what, ItemReader<T> item) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(item.read(r));
            default -> throw r.invalidLeadingByte(b, what, start);
        };
    }

    // ---- instances and aliases

    private static CoreInstance readCoreInstance(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> {
                int module = r.u32();
                List<CoreInstance.Arg> args = vec(r, "core instantiation arguments", 100_000, x -> {
                    String name = x.name();
                    int kindAt = x.position();
                    int kind = x.u8();
                    if (kind != 0x12) {
                        throw x.invalidLeadingByte(kind, "instantiation arg kind", kindAt);
                    }
                    return new CoreInstance.Arg(name, x.u32());
                });
                yield new CoreInstance.Instantiate(module, args);
            }
            case 0x01 ->
                new CoreInstance.FromExports(vec(
                        r,
                        "core instantiation arguments",
                        100_000,
                        x -> new CoreInstance.Export(x.name(), new CoreSortIndex(readCoreSort(x), x.u32()))));
            default -> throw r.invalidLeadingByte(b, "core instance", start);
        };
    }

    private static CoreSort readCoreSort(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        CoreSort sort = BinaryCode.find(CoreSort.values(), b);
        if (sort == null) {
            throw r.invalidLeadingByte(b, "core sort", start);
        }
        return sort;
    }

    /** Reads a {@code sort} (public to the package for the name section parser). */
    static Sort readSort(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        if (b == 0x00) {
            return new Sort.Core(readCoreSort(r));
        }
        Sort.Kind kind = BinaryCode.find(Sort.Kind.values(), b);
        if (kind == null) {
            throw r.invalidLeadingByte(b, "component external kind", start);
        }
        return kind;
    }

    private static Instance readInstance(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> {
                int component = r.u32();
                yield new Instance.Instantiate(
                        component,
                        vec(r, "instantiation arguments", 100_000, x -> new Instance.Arg(x.name(), readSortIndex(x))));
            }
            case 0x01 ->
                new Instance.FromExports(vec(
                        r,
                        "instantiation exports",
                        100_000,
                        x -> new Instance.InlineExport(readExternName(x), readSortIndex(x))));
            default -> throw r.invalidLeadingByte(b, "instance", start);
        };
    }

    private static SortIndex readSortIndex(WasmReader r) {
        Sort sort = readSort(r);
        return new SortIndex(sort, r.u32());
    }

    private static Alias readAlias(WasmReader r) {
        // The sort's meaning depends on the alias target that follows it, so read its bytes first.
        int sortAt = r.position();
        int b1 = r.u8();
        int b2 = b1 == 0x00 ? r.u8() : -1;
        int start = r.position();
        int target = r.u8();
        return switch (target) {
            case 0x00 -> new Alias.InstanceExport(sortOf(r, b1, b2, sortAt), r.u32(), r.name());
            case 0x01 -> {
                if (b1 != 0x00) {
                    throw r.invalidLeadingByte(b1, "core instance export kind", sortAt);
                }
                CoreSort sort = BinaryCode.find(CoreSort.values(), b2);
                if (sort == null) {
                    throw r.invalidLeadingByte(b2, "core instance export kind", sortAt + 1);
                }
                yield new Alias.CoreInstanceExport(new Sort.Core(sort), r.u32(), r.name());
            }
            case 0x02 -> {
                // Only core types, core modules, types and components can be aliased from outside.
                Sort sort = switch (b1) {
                    case 0x00 ->
                        switch (b2) {
                            case 0x10 -> new Sort.Core(CoreSort.TYPE);
                            case 0x11 -> new Sort.Core(CoreSort.MODULE);
                            default -> throw r.invalidLeadingByte(b2, "component outer alias kind", sortAt + 1);
                        };
                    case 0x03 -> Sort.TYPE;
                    case 0x04 -> Sort.COMPONENT;
                    default -> throw r.invalidLeadingByte(b1, "component outer alias kind", sortAt);
                };
                yield new Alias.Outer(sort, r.u32(), r.u32());
            }
            default -> throw r.invalidLeadingByte(target, "alias", start);
        };
    }

    private static Sort sortOf(WasmReader r, int b1, int b2, int at) {
        if (b1 == 0x00) {
            CoreSort sort = BinaryCode.find(CoreSort.values(), b2);
            if (sort == null) {
                throw r.invalidLeadingByte(b2, "component external kind", at + 1);
            }
            return new Sort.Core(sort);
        }
        Sort.Kind kind = BinaryCode.find(Sort.Kind.values(), b1);
        if (kind == null) {
            throw r.invalidLeadingByte(b1, "component external kind", at);
        }
        return kind;
    }

    // ---- names, imports, exports

    private static ExternName readExternName(WasmReader r) {
        int start = r.position();
        int prefix = r.u8();
        if (prefix > 2) {
            throw r.invalidLeadingByte(prefix, "component name", start);
        }
        String name = r.name();
        List<NameAttribute> attributes = prefix == 2
                ? vec(r, "name attribute", x -> {
                    int at = x.position();
                    int b = x.u8();
                    return switch (b) {
                        case 0x00 -> new NameAttribute.Implements(x.name());
                        case 0x01 -> new NameAttribute.VersionSuffix(x.name());
                        case 0x02 -> new NameAttribute.ExternalId(x.name());
                        default -> throw x.invalidLeadingByte(b, "component name attribute", at);
                    };
                })
                : List.of();
        return new ExternName(prefix, name, attributes);
    }

    private static ExternType readExternType(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> {
                int b2 = r.u8();
                if (b2 != 0x11) {
                    throw r.invalidLeadingByte(b2, "component external kind", start);
                }
                yield new ExternType.CoreModule(r.u32());
            }
            case 0x01 -> new ExternType.Func(r.u32());
            case 0x02 -> new ExternType.Value(readValType(r));
            case 0x03 -> {
                int at = r.position();
                int bound = r.u8();
                yield new ExternType.Type(
                        switch (bound) {
                            case 0x00 -> new ExternType.TypeBound.Eq(r.u32());
                            case 0x01 -> new ExternType.TypeBound.SubResource();
                            default -> throw r.invalidLeadingByte(bound, "type bound", at);
                        });
            }
            case 0x04 -> new ExternType.Component(r.u32());
            case 0x05 -> new ExternType.Instance(r.u32());
            default -> throw r.invalidLeadingByte(b, "component external kind", start);
        };
    }

    private static Import readImport(WasmReader r) {
        return new Import(readExternName(r), readExternType(r));
    }

    private static Export readExport(WasmReader r) {
        ExternName name = readExternName(r);
        SortIndex item = readSortIndex(r);
        Optional<ExternType> type = optional(r, "optional component export type", ComponentDecoder::readExternType);
        return new Export(name, item, type);
    }

    private static Section.Value readValue(WasmReader r) {
        ValType type = readValType(r);
        int length = r.u32();
        if (length < 0 || length > r.remaining()) {
            throw r.error("unexpected end-of-file", r.end());
        }
        return new Section.Value(type, Bytes.of(r.bytes(length)));
    }

    // ---- component types

    static ValType readValType(WasmReader r) {
        int start = r.position();
        PrimitiveType p = BinaryCode.find(PrimitiveType.values(), r.peek());
        if (p != null) {
            r.u8();
            return p;
        }
        long v = r.s33();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw r.error("invalid value type", start);
        }
        return new ValType.Ref((int) v);
    }

    private static DefType readDefType(WasmReader r, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw r.error("nesting too deep: more than " + MAX_NESTING_DEPTH + " levels");
        }
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x3f -> new DefType.Resource(readCoreValType(r), optional(r, "resource destructor", WasmReader::u32));
            case 0x40, 0x43 -> {
                List<DefType.Param> params =
                        vec(r, "component function parameters", 1000, x -> new DefType.Param(x.name(), readValType(x)));
                yield new DefType.Func(b == 0x43, params, readResultList(r));
            }
            case 0x41 ->
                new DefType.ComponentType(vec(r, "component type declaration", x -> readTypeDecl(x, depth, true)));
            case 0x42 ->
                new DefType.InstanceType(vec(r, "instance type declaration", x -> readTypeDecl(x, depth, false)));
            default -> readDefValType(r, b, start);
        };
    }

    private static Optional<ValType> readResultList(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> Optional.of(readValType(r));
            case 0x01 -> {
                int at = r.position();
                int zero = r.u8();
                if (zero != 0x00) {
                    throw r.invalidLeadingByte(zero, "number of results", at);
                }
                yield Optional.empty();
            }
            default -> throw r.invalidLeadingByte(b, "component function results", start);
        };
    }

    private static DefValType readDefValType(WasmReader r, int b, int start) {
        PrimitiveType p = BinaryCode.find(PrimitiveType.values(), b);
        if (p != null) {
            return p;
        }
        return switch (b) {
            case 0x72 ->
                new DefValType.RecordType(
                        vec(r, "record field", 10_000, x -> new DefValType.Field(x.name(), readValType(x))));
            case 0x71 ->
                new DefValType.VariantType(vec(r, "variant cases", 10_000, x -> {
                    String name = x.name();
                    Optional<ValType> type = optional(x, "optional variant case type", ComponentDecoder::readValType);
                    int at = x.position();
                    int zero = x.u8();
                    if (zero != 0) {
                        throw x.invalidLeadingByte(zero, "zero byte required", at);
                    }
                    return new DefValType.Case(name, type);
                }));
            case 0x70 -> new DefValType.ListType(readValType(r));
            case 0x67 -> new DefValType.FixedListType(readValType(r), r.u32());
            case 0x6f -> new DefValType.TupleType(vec(r, "tuple types", 10_000, ComponentDecoder::readValType));
            case 0x6e -> new DefValType.FlagsType(vec(r, "flag names", 1_000, WasmReader::name));
            case 0x6d -> new DefValType.EnumType(vec(r, "enum cases", 10_000, WasmReader::name));
            case 0x6b -> new DefValType.OptionType(readValType(r));
            case 0x6a -> {
                Optional<ValType> ok = optional(r, "optional result type", ComponentDecoder::readValType);
                Optional<ValType> err = optional(r, "optional result type", ComponentDecoder::readValType);
                yield new DefValType.ResultType(ok, err);
            }
            case 0x69 -> new DefValType.Own(r.u32());
            case 0x68 -> new DefValType.Borrow(r.u32());
            case 0x66 -> new DefValType.StreamType(optional(r, "optional stream type", ComponentDecoder::readValType));
            case 0x65 -> new DefValType.FutureType(optional(r, "optional future type", ComponentDecoder::readValType));
            case 0x63 -> new DefValType.MapType(readValType(r), readValType(r));
            default -> throw r.invalidLeadingByte(b, "component defined type", start);
        };
    }

    private static TypeDecl readTypeDecl(WasmReader r, int depth, boolean componentType) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> new TypeDecl.CoreTypeDecl(readCoreType(r, depth));
            case 0x01 -> new TypeDecl.TypeDef(readDefType(r, depth + 1));
            case 0x02 -> new TypeDecl.AliasDecl(readAlias(r));
            case 0x03 -> {
                if (!componentType) {
                    throw r.invalidLeadingByte(b, "component or instance type declaration", start);
                }
                yield new TypeDecl.ImportDecl(readExternName(r), readExternType(r));
            }
            case 0x04 -> new TypeDecl.ExportDecl(readExternName(r), readExternType(r));
            default -> throw r.invalidLeadingByte(b, "component or instance type declaration", start);
        };
    }

    // ---- canonical definitions

    private static Canon readCanon(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> {
                requireByte(r, 0x00, "canonical function lift");
                int func = r.u32();
                List<CanonOption> opts = readOptions(r);
                yield new Canon.Lift(func, opts, r.u32());
            }
            case 0x01 -> {
                requireByte(r, 0x00, "canonical function lower");
                int func = r.u32();
                yield new Canon.Lower(func, readOptions(r));
            }
            case 0x02 -> new Canon.ResourceNew(r.u32());
            case 0x03 -> new Canon.ResourceDrop(r.u32());
            case 0x04 -> new Canon.ResourceRep(r.u32());
            case 0x24 -> new Canon.BackpressureInc();
            case 0x25 -> new Canon.BackpressureDec();
            case 0x09 -> {
                Optional<ValType> result = readResultList(r);
                yield new Canon.TaskReturn(result, readOptions(r));
            }
            case 0x05 -> new Canon.TaskCancel();
            case 0x0a -> new Canon.ContextGet(readCoreValType(r), r.u32());
            case 0x0b -> new Canon.ContextSet(readCoreValType(r), r.u32());
            case 0x06 -> new Canon.SubtaskCancel(r.flag("async"));
            case 0x0d -> new Canon.SubtaskDrop();
            case 0x0e -> new Canon.StreamNew(r.u32());
            case 0x0f -> {
                int t = r.u32();
                yield new Canon.StreamRead(t, readOptions(r));
            }
            case 0x10 -> {
                int t = r.u32();
                yield new Canon.StreamWrite(t, readOptions(r));
            }
            case 0x11 -> new Canon.StreamCancelRead(r.u32(), r.flag("async"));
            case 0x12 -> new Canon.StreamCancelWrite(r.u32(), r.flag("async"));
            case 0x13 -> new Canon.StreamDropReadable(r.u32());
            case 0x14 -> new Canon.StreamDropWritable(r.u32());
            case 0x15 -> new Canon.FutureNew(r.u32());
            case 0x16 -> {
                int t = r.u32();
                yield new Canon.FutureRead(t, readOptions(r));
            }
            case 0x17 -> {
                int t = r.u32();
                yield new Canon.FutureWrite(t, readOptions(r));
            }
            case 0x18 -> new Canon.FutureCancelRead(r.u32(), r.flag("async"));
            case 0x19 -> new Canon.FutureCancelWrite(r.u32(), r.flag("async"));
            case 0x1a -> new Canon.FutureDropReadable(r.u32());
            case 0x1b -> new Canon.FutureDropWritable(r.u32());
            case 0x1c -> new Canon.ErrorContextNew(readOptions(r));
            case 0x1d -> new Canon.ErrorContextDebugMessage(readOptions(r));
            case 0x1e -> new Canon.ErrorContextDrop();
            case 0x1f -> new Canon.WaitableSetNew();
            case 0x20 -> new Canon.WaitableSetWait(r.flag("cancellable"), r.u32());
            case 0x21 -> new Canon.WaitableSetPoll(r.flag("cancellable"), r.u32());
            case 0x22 -> new Canon.WaitableSetDrop();
            case 0x23 -> new Canon.WaitableJoin();
            case 0x26 -> new Canon.ThreadIndex();
            case 0x27 -> new Canon.ThreadNewIndirect(r.u32(), r.u32());
            case 0x28 -> new Canon.ThreadResumeLater();
            case 0x29 -> new Canon.ThreadSuspend(r.flag("cancellable"));
            case 0x0c -> new Canon.ThreadYield(r.flag("cancellable"));
            case 0x2a -> new Canon.ThreadSuspendThenResume(r.flag("cancellable"));
            case 0x2b -> new Canon.ThreadYieldThenResume(r.flag("cancellable"));
            case 0x2c -> new Canon.ThreadSuspendThenPromote(r.flag("cancellable"));
            case 0x2d -> new Canon.ThreadYieldThenPromote(r.flag("cancellable"));
            case 0x40 -> new Canon.ThreadSpawnRef(r.u32());
            case 0x41 -> new Canon.ThreadSpawnIndirect(r.u32(), r.u32());
            case 0x42 -> new Canon.ThreadAvailableParallelism();
            default -> throw r.invalidLeadingByte(b, "canonical function", start);
        };
    }

    private static void requireByte(WasmReader r, int expected, String what) {
        int at = r.position();
        int b = r.u8();
        if (b != expected) {
            throw r.invalidLeadingByte(b, what, at);
        }
    }

    private static List<CanonOption> readOptions(WasmReader r) {
        return vec(r, "canonical options", 10, x -> {
            int at = x.position();
            int b = x.u8();
            return switch (b) {
                case 0x00 -> CanonOption.StringEncoding.UTF8;
                case 0x01 -> CanonOption.StringEncoding.UTF16;
                case 0x02 -> CanonOption.StringEncoding.LATIN1_UTF16;
                case 0x03 -> new CanonOption.Memory(x.u32());
                case 0x04 -> new CanonOption.Realloc(x.u32());
                case 0x05 -> new CanonOption.PostReturn(x.u32());
                case 0x06 -> new CanonOption.Async();
                case 0x07 -> new CanonOption.Callback(x.u32());
                case 0x08 -> new CanonOption.CoreTypeOption(x.u32());
                case 0x09 -> new CanonOption.Gc();
                default -> throw x.invalidLeadingByte(b, "canonical option", at);
            };
        });
    }

    // ---- core types

    private static CoreType readCoreType(WasmReader r, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw r.error("nesting too deep: more than " + MAX_NESTING_DEPTH + " levels");
        }
        int start = r.position();
        int b = r.peek();
        if (b == 0x00) {
            r.u8();
            if (r.peek() != 0x50) {
                throw r.invalidLeadingByte(r.peek(), "non-final sub type", start + 1);
            }
            return new CoreType.RecGroup(false, List.of(readSubType(r)));
        }
        if (b == 0x50) {
            r.u8();
            return new CoreType.ModuleType(
                    vec(r, "module type declaration", 100_000, ComponentDecoder::readModuleDecl));
        }
        return readRecGroup(r);
    }

    private static CoreType.RecGroup readRecGroup(WasmReader r) {
        if (r.peek() == 0x4e) {
            r.u8();
            return new CoreType.RecGroup(true, vec(r, "rec group types", 1_000_000, ComponentDecoder::readSubType));
        }
        return new CoreType.RecGroup(false, List.of(readSubType(r)));
    }

    private static CoreType.SubType readSubType(WasmReader r) {
        int b = r.u8();
        if (b == 0x4f || b == 0x50) {
            List<Integer> supers = vec(r, "supertype idxs", 1, WasmReader::u32);
            return new CoreType.SubType(b == 0x4f, supers, readCompositeType(r, r.u8()));
        }
        return new CoreType.SubType(true, List.of(), readCompositeType(r, b));
    }

    private static CoreType.CompositeType readCompositeType(WasmReader r, int opcode) {
        boolean shared = false;
        Optional<Integer> describes = Optional.empty();
        Optional<Integer> descriptor = Optional.empty();
        if (opcode == 0x65) {
            shared = true;
            opcode = r.u8();
        }
        if (opcode == 0x4c) {
            describes = Optional.of(r.u32());
            opcode = r.u8();
        }
        if (opcode == 0x4d) {
            descriptor = Optional.of(r.u32());
            opcode = r.u8();
        }
        int at = r.position() - 1;
        CoreType.Composite inner = switch (opcode) {
            case 0x60 -> {
                List<CoreType.ValType> params = vec(r, "function params", 1000, ComponentDecoder::readCoreValType);
                yield new CoreType.FuncType(
                        params, vec(r, "function returns", 1000, ComponentDecoder::readCoreValType));
            }
            case 0x5f -> new CoreType.StructType(vec(r, "struct fields", 10_000, ComponentDecoder::readFieldType));
            case 0x5e -> new CoreType.ArrayType(readFieldType(r));
            case 0x5d -> new CoreType.ContType(r.u32());
            default -> throw r.invalidLeadingByte(opcode, "type", at);
        };
        return new CoreType.CompositeType(shared, describes, descriptor, inner);
    }

    private static CoreType.FieldType readFieldType(WasmReader r) {
        int b = r.peek();
        CoreType.StorageType storage;
        if (b == 0x78) {
            r.u8();
            storage = CoreType.Packed.I8;
        } else if (b == 0x77) {
            r.u8();
            storage = CoreType.Packed.I16;
        } else {
            storage = readCoreValType(r);
        }
        int at = r.position();
        int mut = r.u8();
        if (mut > 1) {
            throw r.error("malformed mutability byte for field type", at);
        }
        return new CoreType.FieldType(storage, mut == 1);
    }

    static CoreType.ValType readCoreValType(WasmReader r) {
        int start = r.position();
        int b = r.peek();
        CoreType.NumType num = BinaryCode.find(CoreType.NumType.values(), b);
        if (num != null) {
            r.u8();
            return num;
        }
        if (b == 0x63 || b == 0x64) {
            r.u8();
            return new CoreType.RefType(b == 0x63, readHeapType(r));
        }
        boolean shared = false;
        if (b == 0x65) {
            r.u8();
            shared = true;
        }
        int k = r.u8();
        CoreType.AbstractHeapKind kind = BinaryCode.find(CoreType.AbstractHeapKind.values(), k);
        if (kind == null) {
            throw r.error("invalid value type", start);
        }
        return new CoreType.RefType(true, new CoreType.AbstractHeap(shared, kind));
    }

    private static CoreType.RefType readRefType(WasmReader r) {
        int start = r.position();
        CoreType.ValType t = readCoreValType(r);
        if (t instanceof CoreType.RefType ref) {
            return ref;
        }
        throw r.error("malformed reference type", start);
    }

    private static CoreType.HeapType readHeapType(WasmReader r) {
        int start = r.position();
        int b = r.peek();
        if (b == 0x65) {
            r.u8();
            return new CoreType.AbstractHeap(true, readAbstractHeapKind(r));
        }
        if (b == 0x62) {
            r.u8();
            return new CoreType.ExactHeap(r.u32());
        }
        if ((b & 0x80) == 0 && (b & 0x40) != 0) {
            return new CoreType.AbstractHeap(false, readAbstractHeapKind(r));
        }
        long v = r.s33();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw r.error("invalid heap type", start);
        }
        return new CoreType.ConcreteHeap((int) v);
    }

    private static CoreType.AbstractHeapKind readAbstractHeapKind(WasmReader r) {
        int at = r.position();
        int k = r.u8();
        CoreType.AbstractHeapKind kind = BinaryCode.find(CoreType.AbstractHeapKind.values(), k);
        if (kind == null) {
            throw r.error("invalid abstract heap type", at);
        }
        return kind;
    }

    private static CoreType.ModuleDecl readModuleDecl(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> new CoreType.ImportDecl(r.name(), r.name(), readCoreExternType(r));
            case 0x01 -> new CoreType.TypeDecl(readRecGroup(r));
            case 0x02 -> {
                int at = r.position();
                int sort = r.u8();
                if (sort != 0x10) {
                    throw r.invalidLeadingByte(sort, "outer alias kind", at);
                }
                requireByte(r, 0x01, "outer alias target");
                yield new CoreType.OuterAliasDecl(r.u32(), r.u32());
            }
            case 0x03 -> new CoreType.ExportDecl(r.name(), readCoreExternType(r));
            default -> throw r.invalidLeadingByte(b, "type definition", start);
        };
    }

    private static CoreType.ExternType readCoreExternType(WasmReader r) {
        int start = r.position();
        int b = r.u8();
        return switch (b) {
            case 0x00 -> new CoreType.FuncExtern(r.u32());
            case 0x20 -> new CoreType.FuncExactExtern(r.u32());
            case 0x01 -> {
                CoreType.RefType element = readRefType(r);
                yield new CoreType.TableExtern(element, readLimits(r, 0x07, false));
            }
            case 0x02 -> new CoreType.MemoryExtern(readLimits(r, 0x0f, true));
            case 0x03 -> {
                CoreType.ValType type = readCoreValType(r);
                int at = r.position();
                int flags = r.u8();
                if (flags > 3) {
                    throw r.error("malformed mutability", at);
                }
                yield new CoreType.GlobalExtern(type, flags);
            }
            case 0x04 -> {
                int at = r.position();
                int attribute = r.u8();
                if (attribute != 0) {
                    throw r.invalidLeadingByte(attribute, "tag attribute", at);
                }
                yield new CoreType.TagExtern(attribute, r.u32());
            }
            default -> throw r.invalidLeadingByte(b, "external kind", start);
        };
    }

    private static CoreType.Limits readLimits(WasmReader r, int allowedFlags, boolean memory) {
        int at = r.position();
        int flags = r.u8();
        if ((flags & ~allowedFlags) != 0) {
            throw r.error(memory ? "invalid memory limits flags" : "invalid table resizable limits flags", at);
        }
        boolean is64 = (flags & 4) != 0;
        long min = is64 ? r.u64() : Integer.toUnsignedLong(r.u32());
        Optional<Long> max =
                (flags & 1) != 0 ? Optional.of(is64 ? r.u64() : Integer.toUnsignedLong(r.u32())) : Optional.empty();
        Optional<Integer> pageSize = (flags & 8) != 0 ? Optional.of(r.u32()) : Optional.empty();
        return new CoreType.Limits(flags, min, max, pageSize);
    }
}
