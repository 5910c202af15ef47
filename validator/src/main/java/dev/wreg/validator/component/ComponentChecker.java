package dev.wreg.validator.component;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.CoreInstance;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.CoreType;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Instance;
import dev.wreg.engine.binary.NameAttribute;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.Case;
import dev.wreg.validator.component.ComponentTypes.ComponentEntity;
import dev.wreg.validator.component.ComponentTypes.ComponentType;
import dev.wreg.validator.component.ComponentTypes.ComponentTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.Entity;
import dev.wreg.validator.component.ComponentTypes.EnumType;
import dev.wreg.validator.component.ComponentTypes.Field;
import dev.wreg.validator.component.ComponentTypes.FixedListType;
import dev.wreg.validator.component.ComponentTypes.FlagsType;
import dev.wreg.validator.component.ComponentTypes.FuncEntity;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.FuncTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.FutureType;
import dev.wreg.validator.component.ComponentTypes.InstanceEntity;
import dev.wreg.validator.component.ComponentTypes.InstanceType;
import dev.wreg.validator.component.ComponentTypes.InstanceTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.ListType;
import dev.wreg.validator.component.ComponentTypes.MapType;
import dev.wreg.validator.component.ComponentTypes.ModuleEntity;
import dev.wreg.validator.component.ComponentTypes.OptionType;
import dev.wreg.validator.component.ComponentTypes.OwnType;
import dev.wreg.validator.component.ComponentTypes.Param;
import dev.wreg.validator.component.ComponentTypes.Primitive;
import dev.wreg.validator.component.ComponentTypes.RecordType;
import dev.wreg.validator.component.ComponentTypes.ResourceDefinition;
import dev.wreg.validator.component.ComponentTypes.ResultType;
import dev.wreg.validator.component.ComponentTypes.StreamType;
import dev.wreg.validator.component.ComponentTypes.TupleType;
import dev.wreg.validator.component.ComponentTypes.TypeDefinition;
import dev.wreg.validator.component.ComponentTypes.TypeEntity;
import dev.wreg.validator.component.ComponentTypes.ValueEntity;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.ValueTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.VariantType;
import dev.wreg.validator.core.CoreValidator;
import dev.wreg.validator.core.Feature;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The component validation rules (Explainer.md and Binary.md, as wasm-tools 1.257 applies them),
 * over the model {@link dev.wreg.engine.binary.ComponentDecoder} produces. One instance validates
 * one component; index spaces live in a {@link Scope} per component, component type and instance
 * type.
 */
final class ComponentChecker {

    /** wasm-tools' limit on the effective size of any one type. */
    static final long MAX_TYPE_SIZE = 1_000_000;

    static final int MAX_FLAT_PARAMS = 16;
    static final int MAX_FLAT_ASYNC_PARAMS = 4;
    static final int MAX_FLAT_RESULTS = 1;

    private final Features features;
    private final CoreValidator coreValidator;
    private int nextId = 1;
    private final Map<Integer, String> resourceRep = new HashMap<>();
    private final CoreTypeIds typeIds = new CoreTypeIds();
    /**
     * Exporting a resource gives it a fresh alias identity (wasm-tools' "created" type): uses of
     * the new index name the export, uses of the old one do not. Everything else (subtyping,
     * representation, locality, substitution) sees through an alias to the resource itself.
     */
    private final Map<Integer, Integer> resourceAliasOf = new HashMap<>();

    ComponentChecker(Features features) {
        this(features, null);
    }

    ComponentChecker(Features features, Map<Object, Integer> offsets) {
        this.features = features;
        this.coreValidator = CoreValidator.of(features);
        this.offsets = offsets;
    }

    private boolean has(Feature f) {
        return features.has(f);
    }

    private void require(Feature f, String message) {
        if (!has(f)) {
            throw new ComponentInvalid(message);
        }
    }

    private int fresh() {
        return nextId++;
    }

    /** Where the decoder found each item, when known (see {@link ComponentDecoder#decodeLocated}). */
    private final Map<Object, Integer> offsets;
    /** The offset of the section item being checked, which an error reports (as wasm-tools does). */
    private long offset = -1;

    /** Notes that checking has reached {@code item}; returns it. */
    private <T> T at(T item) {
        if (offsets != null) {
            Integer o = offsets.get(item);
            if (o != null) {
                offset = o;
            }
        }
        return item;
    }

    /** The offset of the item being checked when the last error was raised, or -1. */
    long offset() {
        return offset;
    }

    /** The resource an alias (or a resource itself) stands for. */
    int baseResource(int r) {
        Integer b;
        while ((b = resourceAliasOf.get(r)) != null) {
            r = b;
        }
        return r;
    }

    private int aliasResource(int r) {
        int a = fresh();
        resourceAliasOf.put(a, r);
        resourceRep.put(a, resourceRep.getOrDefault(baseResource(r), "i32"));
        return a;
    }

    /** An exported resource gets a fresh alias identity; anything else is itself. */
    private Entity exportedResource(Entity e) {
        if (e instanceof TypeEntity t && t.def() instanceof ResourceDefinition r) {
            return new TypeEntity(new ResourceDefinition(aliasResource(r.resource())));
        }
        return e;
    }

    // ---------------------------------------------------------------- scopes

    enum ScopeKind {
        COMPONENT,
        COMPONENT_TYPE,
        INSTANCE_TYPE
    }

    final class Scope {
        final Scope parent;
        final ScopeKind kind;
        final List<FuncType> funcs = new ArrayList<>();
        final List<ValueType> values = new ArrayList<>();
        final List<Boolean> valueUsed = new ArrayList<>();
        final List<TypeDefinition> types = new ArrayList<>();
        final List<ComponentType> components = new ArrayList<>();
        final List<InstanceType> instances = new ArrayList<>();
        final List<CoreTypes.FuncType> coreFuncs = new ArrayList<>();
        final List<CoreTypes.Extern> tables = new ArrayList<>();
        final List<CoreTypes.Extern> memories = new ArrayList<>();
        final List<CoreTypes.Extern> globals = new ArrayList<>();
        final List<CoreTypes.Extern> tags = new ArrayList<>();
        final List<Object> coreTypes = new ArrayList<>();
        /** The decoded form of each core type (null for module types), for cm-gc lowering checks. */
        final Map<Integer, CoreType.SubType> rawCoreTypes = new HashMap<>();

        final List<CoreTypes.ModuleType> modules = new ArrayList<>();
        final List<Map<String, CoreTypes.Extern>> coreInstances = new ArrayList<>();
        final Set<Integer> localResources = new HashSet<>();
        final Map<String, String> importKeys = new HashMap<>();
        final Map<String, String> exportKeys = new HashMap<>();
        final LinkedHashMap<String, Entity> imports = new LinkedHashMap<>();
        final LinkedHashMap<String, Entity> exports = new LinkedHashMap<>();
        final Set<Integer> importedResources = new LinkedHashSet<>();
        final Set<Integer> definedResources = new LinkedHashSet<>();
        final Set<Integer> importedNamed = new HashSet<>();
        final Set<Integer> exportedNamed = new HashSet<>();
        /** Resource names are looked up among imports for imports and among exports for exports. */
        final ResourceNames importNames = new ResourceNames();

        final ResourceNames exportNames = new ResourceNames();
        boolean hasStart;
        String contextType;

        Scope(Scope parent, ScopeKind kind) {
            this.parent = parent;
            this.kind = kind;
        }

        int depth() {
            return parent == null ? 0 : parent.depth() + 1;
        }
    }

    /** The resources named so far in one naming context, and all their names. */
    static final class ResourceNames {
        final Map<Integer, String> byResource = new HashMap<>();
        final Set<String> all = new HashSet<>();
    }

    // ---------------------------------------------------------------- components

    ComponentType checkComponent(Component component, Scope parent) {
        Scope s = new Scope(parent, ScopeKind.COMPONENT);
        for (Section section : component.sections()) {
            at(section);
            switch (section) {
                case Section.Custom c -> {}
                case Section.CoreModuleSection m -> {
                    byte[] bytes = m.module().bytes().toArray();
                    ValidationResult r = coreValidator.validate(bytes);
                    if (r instanceof ValidationResult.Invalid bad) {
                        int moduleStart = offsets == null ? -1 : offsets.getOrDefault(m.module(), -1);
                        throw new ComponentInvalid(
                                bad.message(),
                                moduleStart >= 0 && bad.offset().isPresent()
                                        ? moduleStart + bad.offset().getAsLong()
                                        : -1);
                    }
                    CoreTypes.ModuleType mt = CoreModuleTypes.read(bytes, typeIds);
                    Set<String> seenImports = new HashSet<>();
                    for (CoreTypes.Import imp : mt.imports()) {
                        if (!seenImports.add(imp.module() + "\0" + imp.name())) {
                            throw new ComponentInvalid(
                                    "duplicate import name `" + imp.module() + ":" + imp.name() + "`");
                        }
                    }
                    s.modules.add(mt);
                }
                case Section.CoreInstances ci -> ci.instances().forEach(i -> coreInstance(s, at(i)));
                case Section.CoreTypes ct -> ct.types().forEach(t -> coreType(s, at(t)));
                case Section.NestedComponent n -> {
                    ComponentType nested = checkComponent(n.component(), s);
                    at(section);
                    s.components.add(nested);
                }
                case Section.Instances is -> is.instances().forEach(i -> instance(s, at(i)));
                case Section.Aliases as -> as.aliases().forEach(a -> alias(s, at(a)));
                case Section.Types ts -> ts.types().forEach(t -> s.types.add(defType(s, at(t))));
                case Section.Canons cs -> cs.canons().forEach(c -> canon(s, at(c)));
                case Section.Start st -> start(s, st);
                case Section.Imports is -> is.imports().forEach(i -> importItem(s, at(i).name(), i.type()));
                case Section.Exports es -> es.exports().forEach(e -> exportItem(s, at(e)));
                case Section.Values vs -> {
                    require(Feature.CM_VALUES, "support for component model `value`s is not enabled");
                    for (Section.Value v : vs.values()) {
                        addValue(s, valType(s, at(v).type()));
                    }
                }
            }
        }
        Set<Integer> defined = new LinkedHashSet<>();
        for (Entity e : s.exports.values()) {
            collectResources(e, defined, new IdentityHashMap<>());
        }
        // Aliases of one resource are one resource to whoever instantiates this component.
        Set<Integer> definedBases = new LinkedHashSet<>();
        for (int r : defined) {
            int base = baseResource(r);
            if (!s.importedResources.contains(base)) {
                definedBases.add(base);
            }
        }
        defined = definedBases;
        long size = 1;
        for (Entity e : s.imports.values()) {
            size = addSize(size, e.size());
        }
        for (Entity e : s.exports.values()) {
            size = addSize(size, e.size());
        }
        return new ComponentType(s.imports, s.exports, s.importedResources, defined, size);
    }

    private static long addSize(long a, long b) {
        long r = a + b;
        if (r > MAX_TYPE_SIZE) {
            throw new ComponentInvalid("effective type size exceeds the limit of " + MAX_TYPE_SIZE);
        }
        return r;
    }

    private void addValue(Scope s, ValueType t) {
        s.values.add(t);
        s.valueUsed.add(false);
    }

    private ValueType useValue(Scope s, int index) {
        if (index < 0 || index >= s.values.size()) {
            throw new ComponentInvalid("unknown value " + index + ": value index out of bounds");
        }
        if (s.valueUsed.get(index)) {
            throw new ComponentInvalid("value " + index + " cannot be used more than once");
        }
        s.valueUsed.set(index, true);
        return s.values.get(index);
    }

    // ---------------------------------------------------------------- core items

    private void coreType(Scope s, CoreType t) {
        switch (t) {
            case CoreType.RecGroup g -> {
                int base = s.coreTypes.size();
                if (!has(Feature.GC)) {
                    // Without GC a type cannot refer to its own recursion group.
                    for (CoreType.SubType sub : g.types()) {
                        s.rawCoreTypes.put(s.coreTypes.size(), sub);
                        s.coreTypes.add(composite(s, sub));
                    }
                    break;
                }
                recGroup(s, base, g.types());
            }
            case CoreType.ModuleType m -> s.coreTypes.add(moduleType(s, m));
        }
    }

    /** Defines a recursion group's types (GC enabled), with their canonical identities. */
    private void recGroup(Scope s, int base, List<CoreType.SubType> subs) {
        for (int i = 0; i < subs.size(); i++) {
            // Placeholders name group members relative to the group, so equal groups describe alike.
            s.coreTypes.add(new CoreTypes.Other("rec." + i));
        }
        List<CoreTypeIds.Member> members = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            CoreType.SubType sub = subs.get(i);
            CoreTypes.Composite c = composite(s, sub);
            s.coreTypes.set(base + i, c);
            s.rawCoreTypes.put(base + i, sub);
            members.add(new CoreTypeIds.Member(
                    sub.isFinal(),
                    sub.composite().shared(),
                    sub.supertypes().isEmpty() ? null : sub.supertypes().get(0),
                    c.describe()));
        }
        String[] ids = typeIds.group(base, members, i -> identity(s.coreTypes.get(i)));
        if (ids != null) {
            for (int i = 0; i < ids.length; i++) {
                if (s.coreTypes.get(base + i) instanceof CoreTypes.FuncType f) {
                    s.coreTypes.set(base + i, f.withId(ids[i], typeIds));
                }
            }
        }
    }

    private String identity(Object type) {
        return type instanceof CoreTypes.FuncType f && !f.id().isEmpty() ? f.id() : typeIds.ref(describeCore(type));
    }

    private CoreTypes.Composite composite(Scope s, CoreType.SubType sub) {
        for (int parent : sub.supertypes()) {
            CoreType.SubType raw = s.rawCoreTypes.get(parent);
            if (raw != null && raw.isFinal()) {
                throw new ComponentInvalid("sub type cannot have a final super type");
            }
        }
        if (sub.composite().shared()) {
            require(Feature.SHARED_EVERYTHING_THREADS, "shared types require the shared-everything-threads proposal");
        }
        return switch (sub.composite().inner()) {
            case CoreType.FuncType f ->
                new CoreTypes.FuncType(
                        f.params().stream().map(v -> coreVal(s, v)).toList(),
                        f.results().stream().map(v -> coreVal(s, v)).toList());
            case CoreType.StructType st -> {
                if (!has(Feature.GC)) {
                    throw new ComponentInvalid("struct indexed types not supported without the gc feature");
                }
                StringBuilder sb = new StringBuilder("struct");
                for (CoreType.FieldType ft : st.fields()) {
                    sb.append(' ').append(storage(s, ft.storage())).append(ft.mutable() ? "mut" : "");
                }
                yield new CoreTypes.Other(sb.toString());
            }
            case CoreType.ArrayType at -> {
                if (!has(Feature.GC)) {
                    throw new ComponentInvalid("array indexed types not supported without the gc feature");
                }
                yield new CoreTypes.Other("array " + storage(s, at.element().storage())
                        + (at.element().mutable() ? "mut" : ""));
            }
            case CoreType.ContType ct -> {
                require(Feature.STACK_SWITCHING, "cannot define continuation types when stack switching is disabled");
                yield new CoreTypes.Other("cont " + ct.funcTypeIndex());
            }
        };
    }

    private String storage(Scope s, CoreType.StorageType st) {
        return switch (st) {
            case CoreType.Packed p -> p == CoreType.Packed.I8 ? "i8" : "i16";
            case CoreType.ValType v -> coreVal(s, v);
        };
    }

    private String coreVal(Scope s, CoreType.ValType v) {
        return switch (v) {
            case CoreType.NumType n -> {
                if (n == CoreType.NumType.V128) {
                    require(Feature.SIMD, "SIMD support is not enabled");
                }
                yield n.name().toLowerCase(java.util.Locale.ROOT);
            }
            case CoreType.RefType r -> {
                String heap = switch (r.heap()) {
                    case CoreType.AbstractHeap a -> {
                        if (!has(Feature.REFERENCE_TYPES) && !has(Feature.GC)) {
                            throw new ComponentInvalid("reference types support is not enabled");
                        }
                        yield (a.shared() ? "shared " : "") + a.kind().name().toLowerCase(java.util.Locale.ROOT);
                    }
                    case CoreType.ConcreteHeap c -> {
                        if (c.typeIndex() >= s.coreTypes.size()) {
                            throw new ComponentInvalid("unknown type " + c.typeIndex() + ": type index out of bounds");
                        }
                        if (!has(Feature.REFERENCE_TYPES) || (!has(Feature.FUNCTION_REFERENCES) && !has(Feature.GC))) {
                            throw new ComponentInvalid("reference types support is not enabled");
                        }
                        if (c.typeIndex() >= s.coreTypes.size()) {
                            throw new ComponentInvalid("unknown type " + c.typeIndex() + ": type index out of bounds");
                        }
                        if (s.coreTypes.get(c.typeIndex()) instanceof CoreTypes.ModuleType) {
                            throw new ComponentInvalid("type index " + c.typeIndex() + " is a module type");
                        }
                        yield typeIds.ref(describeCore(s.coreTypes.get(c.typeIndex())));
                    }
                    case CoreType.ExactHeap e -> "exact " + e.typeIndex();
                };
                yield (r.nullable() ? "(ref null " : "(ref ") + heap + ")";
            }
        };
    }

    private static String describeCore(Object t) {
        return t instanceof CoreTypes.Composite c ? c.describe() : "module";
    }

    private CoreTypes.ModuleType moduleType(Scope s, CoreType.ModuleType m) {
        List<Object> types = new ArrayList<>();
        List<CoreTypes.Import> imports = new ArrayList<>();
        Map<String, CoreTypes.Extern> exports = new LinkedHashMap<>();
        Set<String> importNames = new HashSet<>();
        Scope inner = new Scope(s, ScopeKind.INSTANCE_TYPE);
        for (CoreType.ModuleDecl d : m.decls()) {
            switch (d) {
                case CoreType.TypeDecl td ->
                    recGroup(inner, inner.coreTypes.size(), td.type().types());
                case CoreType.OuterAliasDecl oa -> {
                    Scope target = s;
                    for (int i = 1; i < oa.count(); i++) {
                        target = target.parent;
                        if (target == null) {
                            throw new ComponentInvalid("invalid outer alias count of " + oa.count());
                        }
                    }
                    if (oa.count() == 0 || oa.index() >= target.coreTypes.size()) {
                        throw new ComponentInvalid("unknown type " + oa.index() + ": type index out of bounds");
                    }
                    Object t = target.coreTypes.get(oa.index());
                    if (t instanceof CoreTypes.ModuleType) {
                        throw new ComponentInvalid("type index " + oa.index() + " is a module type, not a sub type");
                    }
                    inner.coreTypes.add(t);
                }
                case CoreType.ImportDecl id -> {
                    if (!importNames.add(id.module() + "\0" + id.name())) {
                        throw new ComponentInvalid("duplicate import name `" + id.module() + ":" + id.name() + "`");
                    }
                    imports.add(new CoreTypes.Import(id.module(), id.name(), coreExtern(inner, id.type())));
                }
                case CoreType.ExportDecl ed -> {
                    if (exports.put(ed.name(), coreExtern(inner, ed.type())) != null) {
                        throw new ComponentInvalid("export name `" + ed.name() + "` already defined");
                    }
                }
            }
        }
        return new CoreTypes.ModuleType(imports, exports);
    }

    private CoreTypes.Extern coreExtern(Scope s, CoreType.ExternType t) {
        return switch (t) {
            case CoreType.FuncExtern f -> new CoreTypes.Func(coreFuncType(s, f.typeIndex()));
            case CoreType.FuncExactExtern f -> new CoreTypes.Func(coreFuncType(s, f.typeIndex()));
            case CoreType.TableExtern tt -> {
                if (tt.limits().is64()) {
                    require(Feature.MEMORY64, "memory64 must be enabled for 64-bit tables");
                }
                yield new CoreTypes.Table(
                        coreVal(s, tt.element()),
                        tt.limits().min(),
                        tt.limits().max().orElse(null),
                        tt.limits().is64(),
                        (tt.limits().flags() & 2) != 0);
            }
            case CoreType.MemoryExtern mt -> {
                CoreType.Limits l = mt.limits();
                if (l.is64()) {
                    require(Feature.MEMORY64, "memory64 must be enabled for 64-bit memories");
                }
                if (l.pageSizeLog2().isPresent()) {
                    require(
                            Feature.CUSTOM_PAGE_SIZES,
                            "the custom page sizes proposal must be enabled to customize a memory's page size");
                    int p = l.pageSizeLog2().get();
                    if (p != 0 && p != 16) {
                        throw new ComponentInvalid("invalid custom page size");
                    }
                }
                if ((l.flags() & 2) != 0) {
                    require(Feature.THREADS, "threads must be enabled for shared memories");
                    if (l.max().isEmpty()) {
                        throw new ComponentInvalid("shared memory must have maximum size");
                    }
                }
                long maxPages = l.is64() ? (1L << 48) : 65536;
                if (l.pageSizeLog2().orElse(16) == 0) {
                    maxPages = l.is64() ? -1L : 0xFFFFFFFFL;
                }
                if (maxPages > 0 && Long.compareUnsigned(l.min(), maxPages) > 0) {
                    throw new ComponentInvalid("memory size must be at most " + maxPages + " pages");
                }
                if (l.max().isPresent()
                        && maxPages > 0
                        && Long.compareUnsigned(l.max().get(), maxPages) > 0) {
                    throw new ComponentInvalid("memory size must be at most " + maxPages + " pages");
                }
                if (l.max().isPresent() && Long.compareUnsigned(l.min(), l.max().get()) > 0) {
                    throw new ComponentInvalid("size minimum must not be greater than maximum");
                }
                yield new CoreTypes.Memory(
                        l.min(),
                        l.max().orElse(null),
                        l.is64(),
                        (l.flags() & 2) != 0,
                        l.pageSizeLog2().orElse(16));
            }
            case CoreType.GlobalExtern g ->
                new CoreTypes.Global(coreVal(s, g.type()), g.mutable(), (g.flags() & 2) != 0);
            case CoreType.TagExtern tg -> {
                require(Feature.EXCEPTIONS, "exceptions proposal not enabled");
                CoreTypes.FuncType ft = coreFuncType(s, tg.typeIndex());
                if (!ft.results().isEmpty()) {
                    throw new ComponentInvalid("invalid exception type: non-empty tag result type");
                }
                yield new CoreTypes.Tag(ft);
            }
        };
    }

    private CoreTypes.FuncType coreFuncType(Scope s, int index) {
        if (index < 0 || index >= s.coreTypes.size()) {
            throw new ComponentInvalid("unknown type " + index + ": type index out of bounds");
        }
        if (s.coreTypes.get(index) instanceof CoreTypes.FuncType f) {
            return f;
        }
        throw new ComponentInvalid("type index " + index + " is not a function type");
    }

    private void coreInstance(Scope s, CoreInstance ci) {
        switch (ci) {
            case CoreInstance.Instantiate in -> {
                CoreTypes.ModuleType m = at(s.modules, in.moduleIndex(), "module");
                Map<String, Map<String, CoreTypes.Extern>> args = new HashMap<>();
                for (CoreInstance.Arg a : in.args()) {
                    Map<String, CoreTypes.Extern> inst = at(s.coreInstances, a.instanceIndex(), "core instance");
                    if (args.put(a.name(), inst) != null) {
                        throw new ComponentInvalid("duplicate module instantiation argument named `" + a.name() + "`");
                    }
                }
                for (CoreTypes.Import imp : m.imports()) {
                    Map<String, CoreTypes.Extern> inst = args.get(imp.module());
                    if (inst == null) {
                        throw new ComponentInvalid(
                                "missing module instantiation argument named `" + imp.module() + "`");
                    }
                    CoreTypes.Extern given = inst.get(imp.name());
                    if (given == null) {
                        throw new ComponentInvalid("module instantiation argument `" + imp.module()
                                + "` does not export an item named `" + imp.name() + "`");
                    }
                    if (!CoreTypes.matches(given, imp.type())) {
                        throw new ComponentInvalid(
                                "type mismatch in import `" + imp.module() + "::" + imp.name() + "`");
                    }
                }
                s.coreInstances.add(m.exports());
            }
            case CoreInstance.FromExports fe -> {
                Map<String, CoreTypes.Extern> exports = new LinkedHashMap<>();
                for (CoreInstance.Export e : fe.exports()) {
                    CoreTypes.Extern item =
                            coreItem(s, e.item().sort(), e.item().index());
                    if (exports.put(e.name(), item) != null) {
                        throw new ComponentInvalid("export name `" + e.name() + "` already defined");
                    }
                }
                s.coreInstances.add(exports);
            }
        }
    }

    private CoreTypes.Extern coreItem(Scope s, CoreSort sort, int index) {
        return switch (sort) {
            case FUNC -> new CoreTypes.Func(at(s.coreFuncs, index, "func"));
            case TABLE -> at(s.tables, index, "table");
            case MEMORY -> at(s.memories, index, "memory");
            case GLOBAL -> at(s.globals, index, "global");
            case TAG -> at(s.tags, index, "tag");
            default ->
                throw new ComponentInvalid(
                        "core instances may only export functions, tables, memories, globals and tags");
        };
    }

    private static <T> T at(List<T> list, int index, String what) {
        if (index < 0 || index >= list.size()) {
            throw new ComponentInvalid("unknown " + what + " " + index + ": " + what + " index out of bounds");
        }
        return list.get(index);
    }

    // ---------------------------------------------------------------- component instances

    private void instance(Scope s, Instance in) {
        switch (in) {
            case Instance.Instantiate i -> s.instances.add(instantiate(s, i));
            case Instance.FromExports fe -> {
                Map<String, Entity> exports = new LinkedHashMap<>();
                Map<String, String> keys = new HashMap<>();
                ResourceNames instanceNames = new ResourceNames();
                long size = 1;
                for (Instance.InlineExport e : fe.exports()) {
                    Entity item = exportedResource(item(s, e.item()));
                    checkName(s, e.name(), item, true, keys, exports, "instance export", instanceNames);
                    exports.put(e.name().name(), item);
                    size = addSize(size, item.size());
                }
                s.instances.add(new InstanceType(exports, Set.of(), size));
            }
        }
    }

    private InstanceType instantiate(Scope s, Instance.Instantiate in) {
        ComponentType ct = at(s.components, in.componentIndex(), "component");
        Map<String, Entity> args = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        for (Instance.Arg a : in.args()) {
            Entity e = item(s, a.item());
            String key;
            try {
                key = ExternNames.parse(a.name(), has(Feature.CM_NESTED_NAMES)).key();
            } catch (ComponentInvalid bad) {
                key = "raw:" + a.name();
            }
            String prev = keys.put(key, a.name());
            if (prev != null) {
                throw new ComponentInvalid(
                        "instantiation argument `" + a.name() + "` conflicts with previous argument `" + prev + "`");
            }
            args.put(a.name(), e);
        }
        Map<Integer, Integer> rmap = new HashMap<>();
        for (Map.Entry<String, Entity> imp : ct.imports().entrySet()) {
            Entity given = args.get(imp.getKey());
            if (given == null) {
                throw new ComponentInvalid("missing import named `" + imp.getKey() + "`");
            }
            bind(imp.getValue(), given, ct.imported(), rmap);
            Entity expected = subst(imp.getValue(), rmap);
            String why = subtype(given, expected);
            if (why != null) {
                throw new ComponentInvalid("type mismatch for import `" + imp.getKey() + "`\n" + why);
            }
        }
        for (int r : ct.defined()) {
            int f = fresh();
            resourceRep.put(f, resourceRep.getOrDefault(r, "i32"));
            rmap.put(r, f);
        }
        Map<String, Entity> exports = new LinkedHashMap<>();
        long size = 1;
        for (Map.Entry<String, Entity> e : ct.exports().entrySet()) {
            Entity x = subst(e.getValue(), rmap);
            exports.put(e.getKey(), x);
            size = addSize(size, x.size());
        }
        return new InstanceType(exports, Set.of(), size);
    }

    /** Learns which concrete resources the abstract resources of {@code expected} stand for. */
    private void bind(Entity expected, Entity given, Set<Integer> bound, Map<Integer, Integer> rmap) {
        switch (expected) {
            case TypeEntity t
            when t.def() instanceof ResourceDefinition r && bound.contains(r.resource()) -> {
                if (given instanceof TypeEntity g && g.def() instanceof ResourceDefinition gr) {
                    rmap.putIfAbsent(r.resource(), gr.resource());
                }
            }
            case TypeEntity t
            when t.def() instanceof ValueTypeDefinition v && nominalId(v.type()) != null -> {
                // A type import stands for the argument's type from here on (ids share one counter).
                if (given instanceof TypeEntity g
                        && g.def() instanceof ValueTypeDefinition gv
                        && nominalId(gv.type()) != null) {
                    rmap.putIfAbsent(nominalId(v.type()), nominalId(gv.type()));
                }
            }
            case InstanceEntity i -> {
                if (given instanceof InstanceEntity gi) {
                    for (Map.Entry<String, Entity> e : i.instance().exports().entrySet()) {
                        Entity ge = gi.instance().exports().get(e.getKey());
                        if (ge != null) {
                            bind(e.getValue(), ge, bound, rmap);
                        }
                    }
                }
            }
            default -> {}
        }
    }

    // ---------------------------------------------------------------- aliases

    private void alias(Scope s, Alias a) {
        switch (a) {
            case Alias.InstanceExport ie -> {
                InstanceType inst = at(s.instances, ie.instanceIndex(), "instance");
                Entity e = inst.exports().get(ie.name());
                if (e == null) {
                    throw new ComponentInvalid(
                            "instance " + ie.instanceIndex() + " has no export named `" + ie.name() + "`");
                }
                if (!sortMatches(ie.sort(), e)) {
                    throw new ComponentInvalid("export `" + ie.name() + "` for instance " + ie.instanceIndex()
                            + " is not a " + sortName(ie.sort()));
                }
                add(s, e);
            }
            case Alias.CoreInstanceExport ce -> {
                Map<String, CoreTypes.Extern> inst = at(s.coreInstances, ce.instanceIndex(), "core instance");
                CoreTypes.Extern e = inst.get(ce.name());
                if (e == null) {
                    throw new ComponentInvalid(
                            "core instance " + ce.instanceIndex() + " has no export named `" + ce.name() + "`");
                }
                CoreSort want = ((Sort.Core) ce.sort()).sort();
                boolean ok = switch (want) {
                    case FUNC -> e instanceof CoreTypes.Func;
                    case TABLE -> e instanceof CoreTypes.Table;
                    case MEMORY -> e instanceof CoreTypes.Memory;
                    case GLOBAL -> e instanceof CoreTypes.Global;
                    case TAG -> e instanceof CoreTypes.Tag;
                    default -> false;
                };
                if (!ok) {
                    throw new ComponentInvalid("export `" + ce.name() + "` for core instance " + ce.instanceIndex()
                            + " is not a " + want.name().toLowerCase(java.util.Locale.ROOT));
                }
                switch (e) {
                    case CoreTypes.Func f -> s.coreFuncs.add(f.type());
                    case CoreTypes.Table t -> s.tables.add(t);
                    case CoreTypes.Memory m -> s.memories.add(m);
                    case CoreTypes.Global g -> s.globals.add(g);
                    case CoreTypes.Tag t -> s.tags.add(t);
                }
            }
            case Alias.Outer o -> {
                Scope target = s;
                for (int i = 0; i < o.count(); i++) {
                    target = target.parent;
                    if (target == null) {
                        throw new ComponentInvalid("invalid outer alias count of " + o.count());
                    }
                }
                switch (o.sort()) {
                    case Sort.Core c
                    when c.sort() == CoreSort.MODULE -> s.modules.add(at(target.modules, o.index(), "module"));
                    case Sort.Core c
                    when c.sort() == CoreSort.TYPE -> {
                        CoreType.SubType raw = target.rawCoreTypes.get(o.index());
                        if (raw != null) {
                            s.rawCoreTypes.put(s.coreTypes.size(), raw);
                        }
                        s.coreTypes.add(at(target.coreTypes, o.index(), "type"));
                    }
                    case Sort.Kind k
                    when k == Sort.Kind.TYPE -> {
                        TypeDefinition t = at(target.types, o.index(), "type");
                        Scope below = s;
                        for (int i = 1; i < o.count(); i++) {
                            below = below.parent;
                        }
                        if (o.count() > 0
                                && below.kind == ScopeKind.COMPONENT
                                && !freeResources(t).isEmpty()) {
                            throw new ComponentInvalid(
                                    "cannot alias outer type which transitively refers to resources not defined in the current component");
                        }
                        s.types.add(t);
                    }
                    case Sort.Kind k
                    when k == Sort.Kind.COMPONENT -> s.components.add(at(target.components, o.index(), "component"));
                    default ->
                        throw new ComponentInvalid("outer aliases of " + sortName(o.sort())
                                + " are not supported; only types, modules and components");
                }
            }
        }
    }

    /** Resources a type mentions that it does not bind itself (in its own imports or exports). */
    private static Set<Integer> freeResources(TypeDefinition t) {
        Set<Integer> used = new LinkedHashSet<>();
        Set<Integer> bound = new HashSet<>();
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        collectResources(new TypeEntity(t), used, seen);
        collectBound(new TypeEntity(t), bound, new IdentityHashMap<>());
        used.removeAll(bound);
        return used;
    }

    private static void collectBound(Entity e, Set<Integer> bound, IdentityHashMap<Object, Boolean> seen) {
        if (seen.put(e, true) != null) {
            return;
        }
        switch (e) {
            case TypeEntity t
            when t.def() instanceof ComponentTypeDefinition c ->
                collectBound(new ComponentEntity(c.component()), bound, seen);
            case TypeEntity t
            when t.def() instanceof InstanceTypeDefinition i ->
                collectBound(new InstanceEntity(i.instance()), bound, seen);
            case ComponentEntity c -> {
                bound.addAll(c.component().imported());
                bound.addAll(c.component().defined());
                c.component().imports().values().forEach(x -> collectBound(x, bound, seen));
                c.component().exports().values().forEach(x -> collectBound(x, bound, seen));
            }
            case InstanceEntity i -> {
                bound.addAll(i.instance().defined());
                i.instance().exports().values().forEach(x -> collectBound(x, bound, seen));
            }
            default -> {}
        }
    }

    private static boolean sortMatches(Sort sort, Entity e) {
        return switch (sort) {
            case Sort.Kind k ->
                switch (k) {
                    case FUNC -> e instanceof FuncEntity;
                    case VALUE -> e instanceof ValueEntity;
                    case TYPE -> e instanceof TypeEntity;
                    case COMPONENT -> e instanceof ComponentEntity;
                    case INSTANCE -> e instanceof InstanceEntity;
                };
            case Sort.Core c -> c.sort() == CoreSort.MODULE && e instanceof ModuleEntity;
        };
    }

    private static String sortName(Sort sort) {
        return switch (sort) {
            case Sort.Kind k -> k.name().toLowerCase(java.util.Locale.ROOT);
            case Sort.Core c -> "core " + c.sort().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private void add(Scope s, Entity e) {
        switch (e) {
            case FuncEntity f -> s.funcs.add(f.func());
            case ValueEntity v -> addValue(s, v.type());
            case TypeEntity t -> s.types.add(t.def());
            case InstanceEntity i -> s.instances.add(i.instance());
            case ComponentEntity c -> s.components.add(c.component());
            case ModuleEntity m -> s.modules.add(m.module());
        }
    }

    private Entity item(Scope s, SortIndex si) {
        return switch (si.sort()) {
            case Sort.Kind k ->
                switch (k) {
                    case FUNC -> new FuncEntity(at(s.funcs, si.index(), "func"));
                    case VALUE -> new ValueEntity(useValue(s, si.index()));
                    case TYPE -> new TypeEntity(at(s.types, si.index(), "type"));
                    case COMPONENT -> new ComponentEntity(at(s.components, si.index(), "component"));
                    case INSTANCE -> new InstanceEntity(at(s.instances, si.index(), "instance"));
                };
            case Sort.Core c -> {
                if (c.sort() != CoreSort.MODULE) {
                    throw new ComponentInvalid("only core modules may be used here, not core "
                            + c.sort().name().toLowerCase(java.util.Locale.ROOT));
                }
                yield new ModuleEntity(at(s.modules, si.index(), "module"));
            }
        };
    }

    // ---------------------------------------------------------------- types

    private TypeDefinition defType(Scope s, DefType t) {
        return switch (t) {
            case DefValType v -> new ValueTypeDefinition(defValType(s, v));
            case DefType.Func f -> new FuncTypeDefinition(funcType(s, f));
            case DefType.ComponentType ct -> new ComponentTypeDefinition(componentType(s, ct));
            case DefType.InstanceType it -> new InstanceTypeDefinition(instanceType(s, it));
            case DefType.Resource r -> {
                if (s.kind != ScopeKind.COMPONENT) {
                    throw new ComponentInvalid("resources can only be defined within a concrete component");
                }
                String rep = switch (r.rep()) {
                    case CoreType.NumType n when n == CoreType.NumType.I32 -> "i32";
                    case CoreType.NumType n
                    when n == CoreType.NumType.I64 -> {
                        require(Feature.CM64, "64-bit resource representations require the cm64 feature");
                        yield "i64";
                    }
                    default -> throw new ComponentInvalid("resources can only be represented by `i32`");
                };
                if (r.destructor().isPresent()) {
                    CoreTypes.FuncType d = at(s.coreFuncs, r.destructor().get(), "func");
                    if (!d.equals(new CoreTypes.FuncType(List.of(rep), List.of()))) {
                        throw new ComponentInvalid(
                                "core function " + r.destructor().get() + " has wrong signature for a destructor");
                    }
                }
                int id = fresh();
                resourceRep.put(id, rep);
                s.localResources.add(id);
                yield new ResourceDefinition(id);
            }
        };
    }

    private FuncType funcType(Scope s, DefType.Func f) {
        if (f.async()) {
            require(Feature.CM_ASYNC, "async component functions require the component model async feature");
        }
        List<Param> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long size = 1;
        for (DefType.Param p : f.params()) {
            if (!ExternNames.isKebab(p.name())) {
                throw new ComponentInvalid("function parameter name `" + p.name() + "` is not in kebab case");
            }
            if (!seen.add(ExternNames.lower(p.name()))) {
                throw new ComponentInvalid(
                        "function parameter name `" + p.name() + "` conflicts with previous parameter name");
            }
            ValueType t = valType(s, p.type());
            size = addSize(size, t.size());
            params.add(new Param(p.name(), t));
        }
        ValueType result = null;
        if (f.result().isPresent()) {
            result = valType(s, f.result().get());
            if (containsBorrow(result, new IdentityHashMap<>())) {
                throw new ComponentInvalid("function result cannot contain a `borrow` type");
            }
            size = addSize(size, result.size());
        }
        return new FuncType(f.async(), params, result, size);
    }

    private static boolean containsBorrow(ValueType t, IdentityHashMap<ValueType, Boolean> memo) {
        Boolean known = memo.get(t);
        if (known != null) {
            return known;
        }
        boolean r = switch (t) {
            case BorrowType b -> true;
            case RecordType rec -> rec.fields().stream().anyMatch(f -> containsBorrow(f.type(), memo));
            case VariantType v -> v.cases().stream().anyMatch(c -> c.type() != null && containsBorrow(c.type(), memo));
            case ListType l -> containsBorrow(l.element(), memo);
            case FixedListType l -> containsBorrow(l.element(), memo);
            case TupleType tu -> tu.types().stream().anyMatch(x -> containsBorrow(x, memo));
            case OptionType o -> containsBorrow(o.type(), memo);
            case ResultType r2 ->
                (r2.ok() != null && containsBorrow(r2.ok(), memo))
                        || (r2.err() != null && containsBorrow(r2.err(), memo));
            case MapType m -> containsBorrow(m.key(), memo) || containsBorrow(m.value(), memo);
            default -> false;
        };
        memo.put(t, r);
        return r;
    }

    ValueType valType(Scope s, ValType v) {
        return switch (v) {
            case PrimitiveType p -> prim(p);
            case ValType.Ref r -> {
                TypeDefinition d = at(s.types, r.index(), "type");
                if (d instanceof ValueTypeDefinition vd) {
                    yield vd.type();
                }
                throw new ComponentInvalid("type index " + r.index() + " is not a defined type");
            }
        };
    }

    private ValueType prim(PrimitiveType p) {
        if (p == PrimitiveType.ERROR_CONTEXT) {
            require(Feature.CM_ERROR_CONTEXT, "`error-context` requires the component model error-context feature");
        }
        return new Primitive(p);
    }

    private ValueType defValType(Scope s, DefValType t) {
        return switch (t) {
            case PrimitiveType p -> prim(p);
            case DefValType.RecordType r -> {
                if (r.fields().isEmpty()) {
                    throw new ComponentInvalid("record type must have at least one field");
                }
                List<Field> fields = new ArrayList<>();
                Map<String, String> seen = new HashMap<>();
                long size = 1;
                for (DefValType.Field f : r.fields()) {
                    kebabUnique(f.name(), seen, "record field");
                    ValueType ft = valType(s, f.type());
                    size = addSize(size, ft.size());
                    fields.add(new Field(f.name(), ft));
                }
                yield new RecordType(fresh(), fields, size);
            }
            case DefValType.VariantType v -> {
                if (v.cases().isEmpty()) {
                    throw new ComponentInvalid("variant type must have at least one case");
                }
                if (v.cases().size() > Integer.MAX_VALUE) {
                    throw new ComponentInvalid("variant type cannot be represented with more than 2^32 cases");
                }
                List<Case> cases = new ArrayList<>();
                Map<String, String> seen = new HashMap<>();
                long size = 1;
                for (DefValType.Case c : v.cases()) {
                    kebabUnique(c.name(), seen, "variant case");
                    ValueType ct = c.type().isPresent() ? valType(s, c.type().get()) : null;
                    if (ct != null) {
                        size = addSize(size, ct.size());
                    }
                    cases.add(new Case(c.name(), ct));
                }
                yield new VariantType(fresh(), cases, size);
            }
            case DefValType.ListType l -> {
                ValueType e = valType(s, l.element());
                yield new ListType(e, addSize(1, e.size()));
            }
            case DefValType.FixedListType l -> {
                require(
                        Feature.CM_FIXED_LENGTH_LISTS,
                        "Fixed size lists require the component model fixed size list feature");
                if (l.length() == 0) {
                    throw new ComponentInvalid("Fixed size lists must have more than zero elements");
                }
                ValueType e = valType(s, l.element());
                yield new FixedListType(e, l.length(), addSize(1, e.size()));
            }
            case DefValType.TupleType tu -> {
                if (tu.types().isEmpty()) {
                    throw new ComponentInvalid("tuple type must have at least one type");
                }
                long size = 1;
                List<ValueType> types = new ArrayList<>();
                for (ValType x : tu.types()) {
                    ValueType e = valType(s, x);
                    size = addSize(size, e.size());
                    types.add(e);
                }
                yield new TupleType(types, size);
            }
            case DefValType.FlagsType f -> {
                if (f.names().isEmpty()) {
                    throw new ComponentInvalid("flags must have at least one entry");
                }
                if (f.names().size() > 32) {
                    throw new ComponentInvalid("cannot have more than 32 flags");
                }
                Map<String, String> seen = new HashMap<>();
                for (String n : f.names()) {
                    kebabUnique(n, seen, "flag");
                }
                yield new FlagsType(fresh(), f.names());
            }
            case DefValType.EnumType e -> {
                if (e.names().isEmpty()) {
                    throw new ComponentInvalid("enum type must have at least one variant");
                }
                Map<String, String> seen = new HashMap<>();
                for (String n : e.names()) {
                    kebabUnique(n, seen, "enum tag");
                }
                yield new EnumType(fresh(), e.names());
            }
            case DefValType.OptionType o -> {
                ValueType e = valType(s, o.type());
                yield new OptionType(e, addSize(1, e.size()));
            }
            case DefValType.ResultType r -> {
                ValueType ok = r.ok().isPresent() ? valType(s, r.ok().get()) : null;
                ValueType err = r.err().isPresent() ? valType(s, r.err().get()) : null;
                yield new ResultType(
                        ok, err, addSize(addSize(1, ok == null ? 0 : ok.size()), err == null ? 0 : err.size()));
            }
            case DefValType.Own o -> new OwnType(resourceAt(s, o.resourceIndex()));
            case DefValType.Borrow b -> new BorrowType(resourceAt(s, b.resourceIndex()));
            case DefValType.StreamType st -> {
                require(Feature.CM_ASYNC, "`stream` requires the component model async feature");
                ValueType p = st.payload().isPresent() ? valType(s, st.payload().get()) : null;
                if (p instanceof Primitive pc && pc.p() == PrimitiveType.CHAR) {
                    throw new ComponentInvalid(
                            "`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now");
                }
                yield new StreamType(p, addSize(1, p == null ? 0 : p.size()));
            }
            case DefValType.FutureType ft -> {
                require(Feature.CM_ASYNC, "`future` requires the component model async feature");
                ValueType p = ft.payload().isPresent() ? valType(s, ft.payload().get()) : null;
                yield new FutureType(p, addSize(1, p == null ? 0 : p.size()));
            }
            case DefValType.MapType m -> {
                require(Feature.CM_MAP, "Maps require the component model map feature");
                ValueType k = valType(s, m.key());
                ValueType v = valType(s, m.value());
                yield new MapType(k, v, addSize(addSize(1, k.size()), v.size()));
            }
        };
    }

    private int resourceAt(Scope s, int index) {
        TypeDefinition d = at(s.types, index, "type");
        if (d instanceof ResourceDefinition r) {
            return r.resource();
        }
        throw new ComponentInvalid("type index " + index + " is not a resource type");
    }

    private static void kebabUnique(String name, Map<String, String> seen, String what) {
        if (!ExternNames.isKebab(name)) {
            throw new ComponentInvalid(what + " name `" + name + "` is not in kebab case");
        }
        String prev = seen.put(ExternNames.lower(name), name);
        if (prev != null) {
            throw new ComponentInvalid(
                    what + " name `" + name + "` conflicts with previous " + what + " name `" + prev + "`");
        }
    }

    private InstanceType instanceType(Scope parent, DefType.InstanceType it) {
        Scope s = new Scope(parent, ScopeKind.INSTANCE_TYPE);
        declarators(s, it.decls());
        long size = 1;
        for (Entity e : s.exports.values()) {
            size = addSize(size, e.size());
        }
        return new InstanceType(s.exports, s.definedResources, size);
    }

    private ComponentType componentType(Scope parent, DefType.ComponentType ct) {
        Scope s = new Scope(parent, ScopeKind.COMPONENT_TYPE);
        declarators(s, ct.decls());
        long size = 1;
        for (Entity e : s.imports.values()) {
            size = addSize(size, e.size());
        }
        for (Entity e : s.exports.values()) {
            size = addSize(size, e.size());
        }
        return new ComponentType(s.imports, s.exports, s.importedResources, s.definedResources, size);
    }

    private void declarators(Scope s, List<TypeDecl> decls) {
        for (TypeDecl d : decls) {
            switch (d) {
                case TypeDecl.CoreTypeDecl c -> coreType(s, c.type());
                case TypeDecl.TypeDef td -> s.types.add(defType(s, td.type()));
                case TypeDecl.AliasDecl ad -> {
                    switch (ad.alias()) {
                        case Alias.Outer o -> {
                            if (!(o.sort() == Sort.Kind.TYPE
                                    || (o.sort() instanceof Sort.Core c && c.sort() == CoreSort.TYPE))) {
                                throw new ComponentInvalid("only outer type aliases are allowed in type declarators");
                            }
                            alias(s, o);
                        }
                        case Alias.InstanceExport ie -> alias(s, ie);
                        case Alias.CoreInstanceExport ce ->
                            throw new ComponentInvalid(
                                    "core instance export aliases are not allowed in type declarators");
                    }
                }
                case TypeDecl.ImportDecl id -> {
                    if (s.kind == ScopeKind.INSTANCE_TYPE) {
                        throw new ComponentInvalid("instance types cannot contain imports");
                    }
                    importItem(s, id.name(), id.type());
                }
                case TypeDecl.ExportDecl ed -> {
                    Entity e = created(externType(s, ed.type(), false));
                    checkName(s, ed.name(), e, true, s.exportKeys, s.exports, "export");
                    registerNamed(s, e, false);
                    s.exports.put(ed.name().name(), e);
                    add(s, e);
                }
            }
        }
    }

    /** The entity an extern type describes; fresh abstract resources go to imported or defined. */
    private Entity externType(Scope s, ExternType t, boolean isImport) {
        return switch (t) {
            case ExternType.CoreModule m -> {
                Object ct = at(s.coreTypes, m.typeIndex(), "type");
                if (ct instanceof CoreTypes.ModuleType mt) {
                    yield new ModuleEntity(mt);
                }
                throw new ComponentInvalid("core type index " + m.typeIndex() + " is not a module type");
            }
            case ExternType.Func f -> {
                TypeDefinition d = at(s.types, f.typeIndex(), "type");
                if (d instanceof FuncTypeDefinition fd) {
                    yield new FuncEntity(fd.func());
                }
                throw new ComponentInvalid("type index " + f.typeIndex() + " is not a function type");
            }
            case ExternType.Value v -> {
                require(Feature.CM_VALUES, "support for component model `value`s is not enabled");
                yield new ValueEntity(valType(s, v.type()));
            }
            case ExternType.Type ty ->
                switch (ty.bound()) {
                    case ExternType.TypeBound.Eq eq -> new TypeEntity(at(s.types, eq.typeIndex(), "type"));
                    case ExternType.TypeBound.SubResource sr -> {
                        int id = fresh();
                        resourceRep.put(id, "i32");
                        (isImport ? s.importedResources : s.definedResources).add(id);
                        yield new TypeEntity(new ResourceDefinition(id));
                    }
                };
            case ExternType.Component c -> {
                TypeDefinition d = at(s.types, c.typeIndex(), "type");
                if (d instanceof ComponentTypeDefinition cd) {
                    yield new ComponentEntity(cd.component());
                }
                throw new ComponentInvalid("type index " + c.typeIndex() + " is not a component type");
            }
            case ExternType.Instance i -> {
                TypeDefinition d = at(s.types, i.typeIndex(), "type");
                if (d instanceof InstanceTypeDefinition id) {
                    InstanceType inst = id.instance();
                    if (inst.defined().isEmpty()) {
                        yield new InstanceEntity(inst);
                    }
                    Map<Integer, Integer> rmap = new HashMap<>();
                    for (int r : inst.defined()) {
                        int f = fresh();
                        resourceRep.put(f, resourceRep.getOrDefault(r, "i32"));
                        rmap.put(r, f);
                        (isImport ? s.importedResources : s.definedResources).add(f);
                    }
                    InstanceType copy = (InstanceType) substInstance(inst, rmap, new IdentityHashMap<>());
                    yield new InstanceEntity(new InstanceType(copy.exports(), Set.of(), copy.size()));
                }
                throw new ComponentInvalid("type index " + i.typeIndex() + " is not an instance type");
            }
        };
    }

    private void importItem(Scope s, ExternName name, ExternType type) {
        Entity e = created(externType(s, type, true));
        checkName(s, name, e, false, s.importKeys, s.imports, "import");
        registerNamed(s, e, true);
        s.imports.put(name.name(), e);
        add(s, e);
    }

    private void exportItem(Scope s, Export ex) {
        Entity actual = item(s, ex.item());
        Entity e = actual;
        if (ex.ascribedType().isPresent()) {
            Entity ascribed = externType(s, ex.ascribedType().get(), false);
            Map<Integer, Integer> rmap = new HashMap<>();
            bind(ascribed, actual, s.definedResources, rmap);
            String why = subtype(actual, subst(ascribed, rmap));
            if (why != null) {
                throw new ComponentInvalid(
                        "type mismatch in export `" + ex.name().name() + "`\n" + why);
            }
            e = subst(ascribed, rmap);
        }
        e = created(exportedResource(e));
        checkName(s, ex.name(), e, true, s.exportKeys, s.exports, "export");
        registerNamed(s, e, false);
        s.exports.put(ex.name().name(), e);
        add(s, e);
    }

    // ---------------------------------------------------------------- names

    private void checkName(
            Scope s,
            ExternName en,
            Entity ty,
            boolean export,
            Map<String, String> keys,
            Map<String, Entity> items,
            String desc) {
        checkName(s, en, ty, export, keys, items, desc, export ? s.exportNames : s.importNames);
    }

    private void checkName(
            Scope s,
            ExternName en,
            Entity ty,
            boolean export,
            Map<String, String> keys,
            Map<String, Entity> items,
            String desc,
            ResourceNames names) {
        String name = en.name();
        ExternNames.Parsed parsed;
        try {
            parsed = ExternNames.parse(name, has(Feature.CM_NESTED_NAMES));
        } catch (ComponentInvalid bad) {
            throw new ComponentInvalid(desc + " name `" + name + "` is not a valid extern name: " + bad.getMessage());
        }
        if (export
                && (parsed.kind() == ExternNames.Kind.HASH
                        || parsed.kind() == ExternNames.Kind.URL
                        || parsed.kind() == ExternNames.Kind.DEPENDENCY)) {
            throw new ComponentInvalid("name `" + name + "` is not a valid export name");
        }
        Set<Class<?>> attributeKinds = new HashSet<>();
        for (NameAttribute a : en.attributes()) {
            if (!attributeKinds.add(a.getClass())) {
                throw new ComponentInvalid("duplicate '"
                        + (a instanceof NameAttribute.Implements
                                ? "implements"
                                : a instanceof NameAttribute.VersionSuffix ? "versionsuffix" : "external-id")
                        + "' option in name `" + name + "`");
            }
            switch (a) {
                case NameAttribute.Implements im -> {
                    require(Feature.CM_IMPLEMENTS, "the `cm-implements` feature is not active");
                    if (parsed.kind() != ExternNames.Kind.LABEL) {
                        throw new ComponentInvalid("name `" + name + "` is not valid with `implements`");
                    }
                    if (!(ty instanceof InstanceEntity)) {
                        throw new ComponentInvalid("only instances can have an `implements`");
                    }
                    ExternNames.Parsed ip;
                    try {
                        ip = ExternNames.parse(im.interfaceName(), has(Feature.CM_NESTED_NAMES));
                    } catch (ComponentInvalid bad) {
                        throw new ComponentInvalid("`" + im.interfaceName() + "` is not a valid name");
                    }
                    if (ip.kind() != ExternNames.Kind.INTERFACE) {
                        throw new ComponentInvalid("name `" + im.interfaceName() + "` must be an interface");
                    }
                }
                case NameAttribute.VersionSuffix vs -> {
                    require(Feature.CM_CANON_NAMES, "the `cm-canon-names` feature is not active");
                    if (!(ty instanceof InstanceEntity)) {
                        throw new ComponentInvalid("only instances can have an `versionsuffix`");
                    }
                }
                case NameAttribute.ExternalId x ->
                    require(Feature.CM_IMPLEMENTS, "the `cm-implements` feature is not active");
            }
        }
        validateNameAgainstType(names, parsed, en, ty);
        String prev = keys.put(parsed.key(), name);
        if (prev != null) {
            throw new ComponentInvalid(desc + " name `" + name + "` conflicts with previous name `" + prev + "`");
        }
        if (items.containsKey(name)) {
            throw new ComponentInvalid(desc + " name `" + name + "` conflicts with previous name `" + name + "`");
        }
        if (ty instanceof TypeEntity t
                && t.def() instanceof ResourceDefinition r
                && parsed.kind() == ExternNames.Kind.LABEL) {
            names.byResource.putIfAbsent(r.resource(), name);
            names.all.add(name);
        }
    }

    private void validateNameAgainstType(ResourceNames s, ExternNames.Parsed parsed, ExternName en, Entity ty) {
        String where = "name `" + en.name() + "` is not valid: ";
        switch (parsed.kind()) {
            case INTERFACE -> {
                String version = parsed.version();
                String suffix = en.attribute(NameAttribute.VersionSuffix.class)
                        .map(NameAttribute.VersionSuffix::suffix)
                        .orElse("");
                if (version != null && !ExternNames.isSemver(version + suffix)) {
                    throw new ComponentInvalid(
                            where + "invalid interface version: `" + version + "` is not a valid semver");
                }
            }
            case CONSTRUCTOR -> {
                FuncType f = funcOf(ty, where);
                if (f.async()) {
                    throw new ComponentInvalid(where + "constructor function cannot be async");
                }
                if (f.result() == null) {
                    throw new ComponentInvalid(where + "function should return one value");
                }
                Integer r = null;
                if (f.result() instanceof OwnType o) {
                    r = o.resource();
                } else if (f.result() instanceof ResultType res && res.ok() instanceof OwnType o) {
                    r = o.resource();
                }
                if (r == null) {
                    throw new ComponentInvalid(where + "function should return `(own $T)` or `(result (own $T))`");
                }
                resourceName(s, r, parsed.resource(), where);
            }
            case METHOD -> {
                FuncType f = funcOf(ty, where);
                if (f.params().isEmpty()) {
                    throw new ComponentInvalid(where + "function should have at least one argument");
                }
                Param first = f.params().getFirst();
                if (!first.name().equals("self")) {
                    throw new ComponentInvalid(where + "function should have a first argument called `self`");
                }
                if (!(first.type() instanceof BorrowType b)) {
                    throw new ComponentInvalid(where + "function should take a first argument of `(borrow $T)`");
                }
                resourceName(s, b.resource(), parsed.resource(), where);
            }
            case STATIC -> {
                funcOf(ty, where);
                if (!s.all.contains(parsed.resource())) {
                    throw new ComponentInvalid(where + "static resource name is not known in this context");
                }
            }
            default -> {}
        }
    }

    private static FuncType funcOf(Entity ty, String where) {
        if (ty instanceof FuncEntity f) {
            return f.func();
        }
        throw new ComponentInvalid(where + "item is not a func");
    }

    private static void resourceName(ResourceNames s, int resource, String name, String where) {
        String expected = s.byResource.get(resource);
        if (expected == null) {
            throw new ComponentInvalid(where + "resource used in function does not have a name in this context");
        }
        if (!expected.equals(name)) {
            throw new ComponentInvalid(where + "function does not match expected resource name `" + expected + "`");
        }
    }

    // ---------------------------------------------------------------- externally visible types

    private static Integer nominalId(ValueType t) {
        return switch (t) {
            case RecordType r -> r.id();
            case VariantType v -> v.id();
            case FlagsType f -> f.id();
            case EnumType e -> e.id();
            case OwnType o -> -o.resource();
            case BorrowType b -> -b.resource();
            default -> null;
        };
    }

    /**
     * An imported or exported type gets a fresh identity (wasm-tools' "created" type), so only
     * uses of the new index count as uses of a named type.
     */
    private Entity created(Entity e) {
        if (e instanceof TypeEntity t && t.def() instanceof ValueTypeDefinition v) {
            ValueType copy = switch (v.type()) {
                case RecordType r -> new RecordType(fresh(), r.fields(), r.size());
                case VariantType x -> new VariantType(fresh(), x.cases(), x.size());
                case FlagsType f -> new FlagsType(fresh(), f.names());
                case EnumType en -> new EnumType(fresh(), en.names());
                default -> null;
            };
            if (copy != null) {
                return new TypeEntity(new ValueTypeDefinition(copy));
            }
        }
        return e;
    }

    /**
     * wasm-tools' rule on externally visible types: every record, variant, enum, flags and
     * resource an import (export) mentions must itself have been imported (imported or exported)
     * by name in this component or component type. Registers what the item itself names.
     */
    private void registerNamed(Scope s, Entity e, boolean isImport) {
        if (s.kind == ScopeKind.INSTANCE_TYPE) {
            return;
        }
        if (!registerNamedOk(s, e, isImport)) {
            throw new ComponentInvalid(
                    ComponentTypes.describe(e) + " not valid to be used as " + (isImport ? "import" : "export"));
        }
    }

    private boolean registerNamedOk(Scope s, Entity e, boolean isImport) {
        Set<Integer> set = isImport ? s.importedNamed : s.exportedNamed;
        switch (e) {
            case TypeEntity t -> {
                if (!allNamed(t.def(), set)) {
                    return false;
                }
                Integer id = switch (t.def()) {
                    case ValueTypeDefinition v -> nominalId(v.type());
                    case ResourceDefinition r -> -r.resource();
                    default -> null;
                };
                if (id != null) {
                    if (isImport) {
                        s.importedNamed.add(id);
                    }
                    s.exportedNamed.add(id);
                }
                return true;
            }
            case InstanceEntity i -> {
                for (Entity x : i.instance().exports().values()) {
                    if (!registerNamedOk(s, x, isImport)) {
                        return false;
                    }
                }
                return true;
            }
            case FuncEntity f -> {
                return funcNamed(f.func(), set);
            }
            case ValueEntity v -> {
                return named(v.type(), set);
            }
            default -> {
                return true;
            }
        }
    }

    private static boolean funcNamed(FuncType f, Set<Integer> set) {
        for (Param p : f.params()) {
            if (!named(p.type(), set)) {
                return false;
            }
        }
        return f.result() == null || named(f.result(), set);
    }

    private static boolean allNamed(TypeDefinition d, Set<Integer> set) {
        return switch (d) {
            case ResourceDefinition r -> true;
            case ComponentTypeDefinition c -> true;
            case ValueTypeDefinition v -> definedNamed(v.type(), set);
            case FuncTypeDefinition f -> funcNamed(f.func(), set);
            case InstanceTypeDefinition i -> instanceNamed(i.instance(), set);
        };
    }

    private static boolean instanceNamed(InstanceType inst, Set<Integer> set) {
        for (Entity x : inst.exports().values()) {
            boolean ok = switch (x) {
                case FuncEntity f -> funcNamed(f.func(), set);
                case TypeEntity t -> allNamed(t.def(), set);
                case ValueEntity v -> definedNamed(v.type(), set);
                case InstanceEntity i -> instanceNamed(i.instance(), set);
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The parts of a defined type must be named; the type itself need not be. */
    private static boolean definedNamed(ValueType t, Set<Integer> set) {
        return switch (t) {
            case FlagsType f -> true;
            case EnumType e -> true;
            case RecordType r -> r.fields().stream().allMatch(f -> named(f.type(), set));
            case VariantType v -> v.cases().stream().allMatch(c -> c.type() == null || named(c.type(), set));
            default -> named(t, set);
        };
    }

    /** A use of a value type: records, variants, enums and flags must be named themselves. */
    private static boolean named(ValueType t, Set<Integer> set) {
        if (t == null) {
            return true;
        }
        return switch (t) {
            case Primitive p -> true;
            case RecordType r -> set.contains(r.id());
            case VariantType v -> set.contains(v.id());
            case FlagsType f -> set.contains(f.id());
            case EnumType e -> set.contains(e.id());
            case OwnType o -> set.contains(-o.resource());
            case BorrowType b -> set.contains(-b.resource());
            case TupleType tu -> tu.types().stream().allMatch(x -> named(x, set));
            case ResultType r -> named(r.ok(), set) && named(r.err(), set);
            case ListType l -> named(l.element(), set);
            case FixedListType l -> named(l.element(), set);
            case OptionType o -> named(o.type(), set);
            case MapType m -> named(m.key(), set) && named(m.value(), set);
            case StreamType st -> named(st.payload(), set);
            case FutureType fu -> named(fu.payload(), set);
        };
    }

    private static void walkEntity(
            Entity e,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        if (seen.put(e, true) != null) {
            return;
        }
        switch (e) {
            case FuncEntity f -> walkFunc(f.func(), seen, onType, onResource);
            case ValueEntity v -> walkValueType(v.type(), seen, onType, onResource);
            case TypeEntity t -> walkDef(t.def(), seen, onType, onResource);
            case InstanceEntity i ->
                i.instance().exports().values().forEach(x -> walkEntity(x, seen, onType, onResource));
            case ComponentEntity c -> {
                c.component().imports().values().forEach(x -> walkEntity(x, seen, onType, onResource));
                c.component().exports().values().forEach(x -> walkEntity(x, seen, onType, onResource));
            }
            case ModuleEntity m -> {}
        }
    }

    private static void walkDef(
            TypeDefinition d,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        switch (d) {
            case ValueTypeDefinition v -> walkValueType(v.type(), seen, onType, onResource);
            case FuncTypeDefinition f -> walkFunc(f.func(), seen, onType, onResource);
            case ResourceDefinition r -> onResource.test(r.resource());
            case InstanceTypeDefinition i -> walkEntity(new InstanceEntity(i.instance()), seen, onType, onResource);
            case ComponentTypeDefinition c -> walkEntity(new ComponentEntity(c.component()), seen, onType, onResource);
        }
    }

    private static void walkFunc(
            FuncType f,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        for (Param p : f.params()) {
            walkValueType(p.type(), seen, onType, onResource);
        }
        if (f.result() != null) {
            walkValueType(f.result(), seen, onType, onResource);
        }
    }

    private static void walkValueType(
            ValueType t,
            IdentityHashMap<Object, Boolean> seen,
            java.util.function.Predicate<ValueType> onType,
            java.util.function.IntPredicate onResource) {
        if (t == null || seen.put(t, true) != null) {
            return;
        }
        if (!onType.test(t)) {
            return;
        }
        switch (t) {
            case RecordType r -> r.fields().forEach(f -> walkValueType(f.type(), seen, onType, onResource));
            case VariantType v -> v.cases().forEach(c -> walkValueType(c.type(), seen, onType, onResource));
            case ListType l -> walkValueType(l.element(), seen, onType, onResource);
            case FixedListType l -> walkValueType(l.element(), seen, onType, onResource);
            case TupleType tu -> tu.types().forEach(x -> walkValueType(x, seen, onType, onResource));
            case OptionType o -> walkValueType(o.type(), seen, onType, onResource);
            case ResultType r -> {
                walkValueType(r.ok(), seen, onType, onResource);
                walkValueType(r.err(), seen, onType, onResource);
            }
            case StreamType st -> walkValueType(st.payload(), seen, onType, onResource);
            case FutureType fu -> walkValueType(fu.payload(), seen, onType, onResource);
            case MapType m -> {
                walkValueType(m.key(), seen, onType, onResource);
                walkValueType(m.value(), seen, onType, onResource);
            }
            default -> {}
        }
    }

    private static void collectResources(Entity e, Set<Integer> out, IdentityHashMap<Object, Boolean> seen) {
        walkEntity(
                e,
                seen,
                t -> {
                    if (t instanceof OwnType o) {
                        out.add(o.resource());
                    } else if (t instanceof BorrowType b) {
                        out.add(b.resource());
                    }
                    return true;
                },
                r -> {
                    out.add(r);
                    return true;
                });
    }

    // ---------------------------------------------------------------- substitution and subtyping

    Entity subst(Entity e, Map<Integer, Integer> rmap) {
        if (rmap.isEmpty()) {
            return e;
        }
        return substEntity(e, rmap, new IdentityHashMap<>());
    }

    private Entity substEntity(Entity e, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        return switch (e) {
            case FuncEntity f -> new FuncEntity(substFunc(f.func(), m, memo));
            case ValueEntity v -> new ValueEntity(substValueType(v.type(), m, memo));
            case TypeEntity t -> new TypeEntity(substDef(t.def(), m, memo));
            case InstanceEntity i -> new InstanceEntity((InstanceType) substInstance(i.instance(), m, memo));
            case ComponentEntity c -> new ComponentEntity(substComponent(c.component(), m, memo));
            case ModuleEntity mod -> mod;
        };
    }

    private Object substInstance(InstanceType i, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        Object known = memo.get(i);
        if (known != null) {
            return known;
        }
        Map<String, Entity> ex = new LinkedHashMap<>();
        i.exports().forEach((k, v) -> ex.put(k, substEntity(v, m, memo)));
        Set<Integer> defined = new HashSet<>();
        for (int r : i.defined()) {
            defined.add(m.getOrDefault(r, r));
        }
        InstanceType r = new InstanceType(ex, defined, i.size());
        memo.put(i, r);
        return r;
    }

    private ComponentType substComponent(
            ComponentType c, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        Object known = memo.get(c);
        if (known != null) {
            return (ComponentType) known;
        }
        Map<String, Entity> im = new LinkedHashMap<>();
        c.imports().forEach((k, v) -> im.put(k, substEntity(v, m, memo)));
        Map<String, Entity> ex = new LinkedHashMap<>();
        c.exports().forEach((k, v) -> ex.put(k, substEntity(v, m, memo)));
        ComponentType r = new ComponentType(im, ex, c.imported(), c.defined(), c.size());
        memo.put(c, r);
        return r;
    }

    /** A substituted resource; an alias whose resource is substituted follows it. */
    private int mapResource(int r, Map<Integer, Integer> m) {
        Integer to = m.get(r);
        if (to != null) {
            return to;
        }
        int base = baseResource(r);
        return base != r && m.containsKey(base) ? m.get(base) : r;
    }

    private TypeDefinition substDef(TypeDefinition d, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        return switch (d) {
            case ValueTypeDefinition v -> new ValueTypeDefinition(substValueType(v.type(), m, memo));
            case FuncTypeDefinition f -> new FuncTypeDefinition(substFunc(f.func(), m, memo));
            case ResourceDefinition r -> new ResourceDefinition(mapResource(r.resource(), m));
            case InstanceTypeDefinition i ->
                new InstanceTypeDefinition((InstanceType) substInstance(i.instance(), m, memo));
            case ComponentTypeDefinition c -> new ComponentTypeDefinition(substComponent(c.component(), m, memo));
        };
    }

    private FuncType substFunc(FuncType f, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        Object known = memo.get(f);
        if (known != null) {
            return (FuncType) known;
        }
        List<Param> ps = new ArrayList<>();
        for (Param p : f.params()) {
            ps.add(new Param(p.name(), substValueType(p.type(), m, memo)));
        }
        FuncType r =
                new FuncType(f.async(), ps, f.result() == null ? null : substValueType(f.result(), m, memo), f.size());
        memo.put(f, r);
        return r;
    }

    private ValueType substValueType(ValueType t, Map<Integer, Integer> m, IdentityHashMap<Object, Object> memo) {
        if (t == null) {
            return null;
        }
        Object known = memo.get(t);
        if (known != null) {
            return (ValueType) known;
        }
        ValueType r = switch (t) {
            case OwnType o -> new OwnType(mapResource(o.resource(), m));
            case BorrowType b -> new BorrowType(mapResource(b.resource(), m));
            case RecordType rec ->
                new RecordType(
                        m.getOrDefault(rec.id(), rec.id()),
                        rec.fields().stream()
                                .map(f -> new Field(f.name(), substValueType(f.type(), m, memo)))
                                .toList(),
                        rec.size());
            case VariantType v ->
                new VariantType(
                        m.getOrDefault(v.id(), v.id()),
                        v.cases().stream()
                                .map(c -> new Case(c.name(), substValueType(c.type(), m, memo)))
                                .toList(),
                        v.size());
            case ListType l -> new ListType(substValueType(l.element(), m, memo), l.size());
            case FixedListType l -> new FixedListType(substValueType(l.element(), m, memo), l.length(), l.size());
            case TupleType tu ->
                new TupleType(
                        tu.types().stream().map(x -> substValueType(x, m, memo)).toList(), tu.size());
            case OptionType o -> new OptionType(substValueType(o.type(), m, memo), o.size());
            case ResultType res ->
                new ResultType(substValueType(res.ok(), m, memo), substValueType(res.err(), m, memo), res.size());
            case StreamType st -> new StreamType(substValueType(st.payload(), m, memo), st.size());
            case FutureType fu -> new FutureType(substValueType(fu.payload(), m, memo), fu.size());
            case MapType mp ->
                new MapType(substValueType(mp.key(), m, memo), substValueType(mp.value(), m, memo), mp.size());
            case FlagsType f -> new FlagsType(m.getOrDefault(f.id(), f.id()), f.names());
            case EnumType e -> new EnumType(m.getOrDefault(e.id(), e.id()), e.names());
            default -> t;
        };
        memo.put(t, r);
        return r;
    }

    /** Null when {@code a} may be used where {@code b} is expected, else the reason. */
    String subtype(Entity a, Entity b) {
        return new Subtyping(this).entity(a, b);
    }

    /** Subtyping with memoised structural equality, so shared type graphs stay linear. */
    private static final class Subtyping {
        private final Map<Object, Map<Object, Boolean>> equal = new IdentityHashMap<>();
        private final Map<Integer, Integer> rmap = new HashMap<>();
        private final ComponentChecker checker;

        Subtyping(ComponentChecker checker) {
            this.checker = checker;
        }

        String entity(Entity a, Entity b) {
            switch (b) {
                case FuncEntity fb -> {
                    if (!(a instanceof FuncEntity fa)) {
                        return "expected func, found " + ComponentTypes.describe(a);
                    }
                    return func(fa.func(), fb.func());
                }
                case ValueEntity vb -> {
                    if (!(a instanceof ValueEntity va)) {
                        return "expected value, found " + ComponentTypes.describe(a);
                    }
                    return valueType(va.type(), vb.type()) ? null : "expected a value of a different type";
                }
                case TypeEntity tb -> {
                    if (!(a instanceof TypeEntity ta)) {
                        return "expected type, found " + ComponentTypes.describe(a);
                    }
                    return def(ta.def(), tb.def());
                }
                case InstanceEntity ib -> {
                    if (!(a instanceof InstanceEntity ia)) {
                        return "expected instance, found " + ComponentTypes.describe(a);
                    }
                    return instance(ia.instance(), ib.instance());
                }
                case ComponentEntity cb -> {
                    if (!(a instanceof ComponentEntity ca)) {
                        return "expected component, found " + ComponentTypes.describe(a);
                    }
                    return component(ca.component(), cb.component());
                }
                case ModuleEntity mb -> {
                    if (!(a instanceof ModuleEntity ma)) {
                        return "expected module, found " + ComponentTypes.describe(a);
                    }
                    return module(ma.module(), mb.module());
                }
            }
        }

        private static String module(CoreTypes.ModuleType a, CoreTypes.ModuleType b) {
            for (Map.Entry<String, CoreTypes.Extern> e : b.exports().entrySet()) {
                CoreTypes.Extern ae = a.exports().get(e.getKey());
                if (ae == null) {
                    return "module export `" + e.getKey() + "` not defined";
                }
                if (!CoreTypes.matches(ae, e.getValue())) {
                    return "type mismatch in export `" + e.getKey() + "`";
                }
            }
            for (CoreTypes.Import ai : a.imports()) {
                CoreTypes.Import found = null;
                for (CoreTypes.Import bi : b.imports()) {
                    if (bi.module().equals(ai.module()) && bi.name().equals(ai.name())) {
                        found = bi;
                    }
                }
                if (found == null) {
                    return "module import `" + ai.module() + "::" + ai.name() + "` not defined";
                }
                if (!CoreTypes.matches(found.type(), ai.type())) {
                    return "type mismatch in import `" + ai.module() + "::" + ai.name() + "`";
                }
            }
            return null;
        }

        private String instance(InstanceType a, InstanceType b) {
            for (Map.Entry<String, Entity> e : b.exports().entrySet()) {
                Entity ae = a.exports().get(e.getKey());
                if (ae == null) {
                    return "type mismatch in instance export `" + e.getKey() + "`: missing";
                }
                learn(e.getValue(), ae, b.defined());
                String why = entity(ae, e.getValue());
                if (why != null) {
                    return "type mismatch in instance export `" + e.getKey() + "`: " + why;
                }
            }
            return null;
        }

        private String component(ComponentType a, ComponentType b) {
            for (Map.Entry<String, Entity> e : a.imports().entrySet()) {
                Entity be = b.imports().get(e.getKey());
                if (be == null) {
                    return "missing expected import `" + e.getKey() + "`";
                }
                learn(e.getValue(), be, a.imported());
                String why = entityFlipped(be, e.getValue());
                if (why != null) {
                    return "type mismatch in import `" + e.getKey() + "`: " + why;
                }
            }
            for (Map.Entry<String, Entity> e : b.exports().entrySet()) {
                Entity ae = a.exports().get(e.getKey());
                if (ae == null) {
                    return "missing expected export `" + e.getKey() + "`";
                }
                learn(e.getValue(), ae, b.defined());
                String why = entity(ae, e.getValue());
                if (why != null) {
                    return "type mismatch in export `" + e.getKey() + "`: " + why;
                }
            }
            return null;
        }

        /** b-side abstract resources learn their a-side counterparts (and a's imports learn b's). */
        private void learn(Entity expected, Entity given, Set<Integer> bound) {
            if (expected instanceof TypeEntity t
                    && t.def() instanceof ResourceDefinition r
                    && given instanceof TypeEntity g
                    && g.def() instanceof ResourceDefinition gr) {
                if (r.resource() != gr.resource()) {
                    rmap.putIfAbsent(r.resource(), gr.resource());
                    rmap.putIfAbsent(gr.resource(), r.resource());
                }
            } else if (expected instanceof InstanceEntity ie && given instanceof InstanceEntity gi) {
                for (Map.Entry<String, Entity> e : ie.instance().exports().entrySet()) {
                    Entity ge = gi.instance().exports().get(e.getKey());
                    if (ge != null) {
                        learn(e.getValue(), ge, bound);
                    }
                }
            }
        }

        private String entityFlipped(Entity a, Entity b) {
            return entity(a, b);
        }

        private String def(TypeDefinition a, TypeDefinition b) {
            return switch (b) {
                case ResourceDefinition rb ->
                    a instanceof ResourceDefinition ra && sameResource(ra.resource(), rb.resource())
                            ? null
                            : "expected resource, found "
                                    + (a instanceof ResourceDefinition
                                            ? "a different resource"
                                            : "a non-resource type");
                case ValueTypeDefinition vb ->
                    a instanceof ValueTypeDefinition va && valueType(va.type(), vb.type())
                            ? null
                            : "expected a different type";
                case FuncTypeDefinition fb ->
                    a instanceof FuncTypeDefinition fa ? func(fa.func(), fb.func()) : "expected func type";
                case InstanceTypeDefinition ib ->
                    a instanceof InstanceTypeDefinition ia
                            ? instance(ia.instance(), ib.instance())
                            : "expected instance type";
                case ComponentTypeDefinition cb ->
                    a instanceof ComponentTypeDefinition ca
                            ? component(ca.component(), cb.component())
                            : "expected component type";
            };
        }

        private boolean sameResource(int a, int b) {
            if (a == b || rmap.getOrDefault(a, a) == b || rmap.getOrDefault(b, b) == a) {
                return true;
            }
            int ba = checker.baseResource(a);
            int bb = checker.baseResource(b);
            return ba == bb || rmap.getOrDefault(ba, ba) == bb || rmap.getOrDefault(bb, bb) == ba;
        }

        private String func(FuncType a, FuncType b) {
            if (a.async() != b.async()) {
                return "expected " + (b.async() ? "async" : "sync") + " function, found "
                        + (a.async() ? "async" : "sync");
            }
            if (a.params().size() != b.params().size()) {
                return "expected " + b.params().size() + " parameters, found "
                        + a.params().size();
            }
            for (int i = 0; i < a.params().size(); i++) {
                Param pa = a.params().get(i);
                Param pb = b.params().get(i);
                if (!ExternNames.lower(pa.name()).equals(ExternNames.lower(pb.name()))) {
                    return "expected parameter named `" + pb.name() + "`, found `" + pa.name() + "`";
                }
                if (!valueType(pa.type(), pb.type())) {
                    return "type mismatch in function parameter `" + pa.name() + "`";
                }
            }
            if ((a.result() == null) != (b.result() == null)) {
                return "expected a result, found none";
            }
            if (a.result() != null && !valueType(a.result(), b.result())) {
                return "type mismatch with result type";
            }
            return null;
        }

        boolean valueType(ValueType a, ValueType b) {
            if (a == b) {
                return true;
            }
            if (a == null || b == null) {
                return false;
            }
            Map<Object, Boolean> row = equal.computeIfAbsent(a, k -> new IdentityHashMap<>());
            Boolean known = row.get(b);
            if (known != null) {
                return known;
            }
            row.put(b, true);
            boolean r = switch (b) {
                case Primitive pb -> a instanceof Primitive pa && pa.p() == pb.p();
                case RecordType rb ->
                    a instanceof RecordType ra
                            && ra.fields().size() == rb.fields().size()
                            && all(
                                    ra.fields().size(),
                                    i -> ra.fields()
                                                    .get(i)
                                                    .name()
                                                    .equals(rb.fields().get(i).name())
                                            && valueType(
                                                    ra.fields().get(i).type(),
                                                    rb.fields().get(i).type()));
                case VariantType vb ->
                    a instanceof VariantType va
                            && va.cases().size() == vb.cases().size()
                            && all(
                                    va.cases().size(),
                                    i -> va.cases()
                                                    .get(i)
                                                    .name()
                                                    .equals(vb.cases().get(i).name())
                                            && valueType(
                                                    va.cases().get(i).type(),
                                                    vb.cases().get(i).type()));
                case ListType lb -> a instanceof ListType la && valueType(la.element(), lb.element());
                case FixedListType lb ->
                    a instanceof FixedListType la
                            && la.length() == lb.length()
                            && valueType(la.element(), lb.element());
                case TupleType tb ->
                    a instanceof TupleType ta
                            && ta.types().size() == tb.types().size()
                            && all(
                                    ta.types().size(),
                                    i -> valueType(ta.types().get(i), tb.types().get(i)));
                case FlagsType fb -> a instanceof FlagsType fa && fa.names().equals(fb.names());
                case EnumType eb -> a instanceof EnumType ea && ea.names().equals(eb.names());
                case OptionType ob -> a instanceof OptionType oa && valueType(oa.type(), ob.type());
                case ResultType rb ->
                    a instanceof ResultType ra && valueType(ra.ok(), rb.ok()) && valueType(ra.err(), rb.err());
                case OwnType ob -> a instanceof OwnType oa && sameResource(oa.resource(), ob.resource());
                case BorrowType bb -> a instanceof BorrowType ba && sameResource(ba.resource(), bb.resource());
                case StreamType sb -> a instanceof StreamType sa && valueType(sa.payload(), sb.payload());
                case FutureType fb -> a instanceof FutureType fa && valueType(fa.payload(), fb.payload());
                case MapType mb ->
                    a instanceof MapType ma && valueType(ma.key(), mb.key()) && valueType(ma.value(), mb.value());
            };
            row.put(b, r);
            return r;
        }

        private static boolean all(int n, java.util.function.IntPredicate p) {
            for (int i = 0; i < n; i++) {
                if (!p.test(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- canon

    private record Options(
            CanonOption.StringEncoding encoding,
            Integer memory,
            boolean memory64,
            Integer realloc,
            Integer postReturn,
            boolean async,
            Integer callback,
            Integer coreType,
            boolean gc) {}

    private Options options(Scope s, List<CanonOption> opts) {
        CanonOption.StringEncoding enc = null;
        Integer memory = null;
        boolean mem64 = false;
        Integer realloc = null;
        Integer postReturn = null;
        boolean async = false;
        Integer callback = null;
        Integer coreType = null;
        boolean gc = false;
        for (CanonOption o : opts) {
            switch (o) {
                case CanonOption.StringEncoding e -> {
                    if (enc != null) {
                        throw new ComponentInvalid("canonical encoding option `" + encName(enc)
                                + "` conflicts with option `" + encName(e) + "`");
                    }
                    enc = e;
                }
                case CanonOption.Memory m -> {
                    if (memory != null) {
                        throw new ComponentInvalid("canonical option `memory` is specified more than once");
                    }
                    CoreTypes.Memory mem = (CoreTypes.Memory) at(s.memories, m.memoryIndex(), "memory");
                    if (mem.shared()) {
                        // The canonical ABI's memory is an unshared one; a shared memory is a different type.
                        throw new ComponentInvalid("mismatch in the shared flag for memories");
                    }
                    if (mem.is64()) {
                        require(Feature.CM64, "canonical option `memory` must be a 32-bit memory without cm64");
                        mem64 = true;
                    }
                    memory = m.memoryIndex();
                }
                case CanonOption.Realloc r -> {
                    if (realloc != null) {
                        throw new ComponentInvalid("canonical option `realloc` is specified more than once");
                    }
                    realloc = r.funcIndex();
                }
                case CanonOption.PostReturn p -> {
                    if (postReturn != null) {
                        throw new ComponentInvalid("canonical option `post-return` is specified more than once");
                    }
                    postReturn = p.funcIndex();
                    at(s.coreFuncs, p.funcIndex(), "func");
                }
                case CanonOption.Async a -> {
                    require(Feature.CM_ASYNC, "canonical option `async` requires the component model async feature");
                    if (async) {
                        throw new ComponentInvalid("canonical option `async` is specified more than once");
                    }
                    async = true;
                }
                case CanonOption.Callback c -> {
                    require(Feature.CM_ASYNC, "canonical option `callback` requires the component model async feature");
                    if (callback != null) {
                        throw new ComponentInvalid("canonical option `callback` is specified more than once");
                    }
                    callback = c.funcIndex();
                    at(s.coreFuncs, c.funcIndex(), "func");
                }
                case CanonOption.CoreTypeOption ct -> {
                    require(Feature.CM_GC, "canonical option `core-type` requires the component model gc feature");
                    if (coreType != null) {
                        throw new ComponentInvalid("canonical option `core-type` is specified more than once");
                    }
                    coreType = ct.typeIndex();
                    coreFuncType(s, ct.typeIndex());
                }
                case CanonOption.Gc g -> {
                    require(Feature.CM_GC, "canonical option `gc` requires the component model gc feature");
                    if (gc) {
                        throw new ComponentInvalid("canonical option `gc` is specified more than once");
                    }
                    gc = true;
                }
            }
        }
        if (realloc != null && memory == null) {
            throw new ComponentInvalid("canonical option `realloc` requires `memory` to also be specified");
        }
        if (realloc != null) {
            String p = mem64 ? "i64" : "i32";
            CoreTypes.FuncType f = at(s.coreFuncs, realloc, "func");
            if (!f.equals(new CoreTypes.FuncType(List.of(p, p, p, p), List.of(p)))) {
                throw new ComponentInvalid(
                        "canonical option `realloc` uses a core function with an incorrect signature");
            }
        }
        if (callback != null && !async) {
            throw new ComponentInvalid("cannot specify callback without async");
        }
        if (postReturn != null && async) {
            throw new ComponentInvalid("cannot specify post-return function in async");
        }
        if (coreType != null && !gc) {
            throw new ComponentInvalid("cannot specify `core-type` without `gc`");
        }
        return new Options(enc, memory, mem64, realloc, postReturn, async, callback, coreType, gc);
    }

    private static String encName(CanonOption.StringEncoding e) {
        return switch (e) {
            case UTF8 -> "utf8";
            case UTF16 -> "utf16";
            case LATIN1_UTF16 -> "latin1-utf16";
        };
    }

    private void requireMemory(Options o) {
        if (o.memory() == null) {
            throw new ComponentInvalid("canonical option `memory` is required");
        }
    }

    private void requireRealloc(Options o) {
        requireMemory(o);
        if (o.realloc() == null) {
            throw new ComponentInvalid("canonical option `realloc` is required");
        }
    }

    private static void checkLower(Options o) {
        if (o.postReturn() != null) {
            throw new ComponentInvalid("canonical option `post-return` cannot be specified for lowerings");
        }
        if (o.callback() != null) {
            throw new ComponentInvalid("canonical option `callback` cannot be specified for lowerings");
        }
    }

    private enum Abi {
        LIFT,
        LOWER
    }

    /** The core signature the canonical ABI gives {@code f} (CanonicalABI.md, flattening). */
    private CoreTypes.FuncType lowerSignature(FuncType f, Options o, Abi abi) {
        String ptr = o.memory64() ? "i64" : "i32";
        List<String> params = new ArrayList<>();
        int maxParams = (abi == Abi.LOWER && o.async()) ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS;
        boolean overflow = false;
        for (Param p : f.params()) {
            if (containsPtr(p.type())) {
                if (abi == Abi.LOWER) {
                    requireMemory(o);
                } else {
                    requireRealloc(o);
                }
            }
            if (!overflow) {
                flatten(p.type(), ptr, params);
                if (params.size() > maxParams) {
                    overflow = true;
                }
            }
        }
        if (overflow) {
            params.clear();
            params.add(ptr);
            requireMemory(o);
            if (abi == Abi.LIFT) {
                requireRealloc(o);
            }
        }
        if (f.result() != null && abi == Abi.LOWER && containsPtr(f.result())) {
            requireRealloc(o);
        }
        List<String> results = new ArrayList<>();
        if (!o.async()) {
            if (f.result() != null) {
                flatten(f.result(), ptr, results);
                if (results.size() > MAX_FLAT_RESULTS) {
                    results.clear();
                    requireMemory(o);
                    if (abi == Abi.LOWER) {
                        params.add(ptr);
                    } else {
                        results.add(ptr);
                    }
                }
            }
        } else if (abi == Abi.LOWER) {
            if (f.result() != null) {
                params.add(ptr);
                requireMemory(o);
            }
            results.add("i32");
        } else {
            if (f.result() != null) {
                List<String> tmp = new ArrayList<>();
                flatten(f.result(), ptr, tmp);
                if (tmp.size() > MAX_FLAT_PARAMS || containsPtr(f.result())) {
                    requireMemory(o);
                }
            }
            if (o.callback() != null) {
                results.add("i32");
            }
        }
        return new CoreTypes.FuncType(params, results);
    }

    private static boolean containsPtr(ValueType t) {
        return switch (t) {
            case Primitive p -> p.p() == PrimitiveType.STRING;
            case ListType l -> true;
            case MapType m -> true;
            case FixedListType l -> containsPtr(l.element());
            case RecordType r -> r.fields().stream().anyMatch(f -> containsPtr(f.type()));
            case VariantType v -> v.cases().stream().anyMatch(c -> c.type() != null && containsPtr(c.type()));
            case TupleType tu -> tu.types().stream().anyMatch(ComponentChecker::containsPtr);
            case OptionType o -> containsPtr(o.type());
            case ResultType r -> (r.ok() != null && containsPtr(r.ok())) || (r.err() != null && containsPtr(r.err()));
            default -> false;
        };
    }

    /** Appends the flat core types of {@code t}; stops early once past any limit that matters. */
    private static void flatten(ValueType t, String ptr, List<String> out) {
        if (out.size() > MAX_FLAT_PARAMS + 1) {
            return;
        }
        switch (t) {
            case Primitive p -> {
                switch (p.p()) {
                    case S64, U64 -> out.add("i64");
                    case F32 -> out.add("f32");
                    case F64 -> out.add("f64");
                    case STRING -> {
                        out.add(ptr);
                        out.add(ptr);
                    }
                    default -> out.add("i32");
                }
            }
            case ListType l -> {
                out.add(ptr);
                out.add(ptr);
            }
            case MapType m -> {
                out.add(ptr);
                out.add(ptr);
            }
            case FixedListType l -> {
                for (int i = 0; i < l.length() && out.size() <= MAX_FLAT_PARAMS + 1; i++) {
                    flatten(l.element(), ptr, out);
                }
            }
            case RecordType r -> r.fields().forEach(f -> flatten(f.type(), ptr, out));
            case TupleType tu -> tu.types().forEach(x -> flatten(x, ptr, out));
            case VariantType v ->
                flattenVariant(v.cases().stream().map(Case::type).toList(), ptr, out);
            case OptionType o -> flattenVariant(java.util.Arrays.asList(null, o.type()), ptr, out);
            case ResultType r -> flattenVariant(java.util.Arrays.asList(r.ok(), r.err()), ptr, out);
            case FlagsType f -> out.add("i32");
            case EnumType e -> out.add("i32");
            default -> out.add("i32");
        }
    }

    private static void flattenVariant(List<ValueType> cases, String ptr, List<String> out) {
        List<String> joined = new ArrayList<>();
        for (ValueType c : cases) {
            if (c == null) {
                continue;
            }
            List<String> flat = new ArrayList<>();
            flatten(c, ptr, flat);
            for (int i = 0; i < flat.size(); i++) {
                if (i < joined.size()) {
                    joined.set(i, join(joined.get(i), flat.get(i)));
                } else {
                    joined.add(flat.get(i));
                }
            }
        }
        out.add("i32");
        out.addAll(joined);
    }

    private static String join(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if ((a.equals("i32") && b.equals("f32")) || (a.equals("f32") && b.equals("i32"))) {
            return "i32";
        }
        return "i64";
    }

    private static final CoreTypes.FuncType VOID = sig(List.of(), List.of());

    private static CoreTypes.FuncType sig(List<String> params, List<String> results) {
        return new CoreTypes.FuncType(params, results);
    }

    private static List<String> i32s(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("i32");
        }
        return l;
    }

    private void canon(Scope s, Canon c) {
        switch (c) {
            case Canon.Lift l -> {
                CoreTypes.FuncType core = at(s.coreFuncs, l.coreFuncIndex(), "func");
                TypeDefinition d = at(s.types, l.typeIndex(), "type");
                if (!(d instanceof FuncTypeDefinition fd)) {
                    throw new ComponentInvalid("type index " + l.typeIndex() + " is not a function type");
                }
                Options o = options(s, l.options());
                if (o.coreType() != null) {
                    throw new ComponentInvalid("canonical option `core-type` is not allowed in `canon lift`");
                }
                if (o.async() && o.callback() == null) {
                    require(Feature.CM_ASYNC_STACKFUL, "requires the component model async stackful feature");
                }
                if (o.callback() != null) {
                    CoreTypes.FuncType cb = s.coreFuncs.get(o.callback());
                    if (!cb.params().equals(i32s(3)) && !cb.params().equals(i32s(1))) {
                        throw new ComponentInvalid(
                                "canonical option `callback` uses a core function with an incorrect signature");
                    }
                }
                if (o.async() && !fd.func().async()) {
                    throw new ComponentInvalid("the `async` canonical option requires an async function type");
                }
                if (!o.gc()) {
                    CoreTypes.FuncType expected = lowerSignature(fd.func(), o, Abi.LIFT);
                    if (o.postReturn() != null) {
                        CoreTypes.FuncType pr = s.coreFuncs.get(o.postReturn());
                        if (!pr.params().equals(core.results()) || !pr.results().isEmpty()) {
                            throw new ComponentInvalid(
                                    "canonical option `post-return` uses a core function with an incorrect signature");
                        }
                    }
                    if (!expected.equals(core)) {
                        throw new ComponentInvalid("lowered type mismatch: expected " + expected + ", found " + core);
                    }
                }
                s.funcs.add(fd.func());
            }
            case Canon.Lower l -> {
                FuncType f = at(s.funcs, l.funcIndex(), "func");
                Options o = options(s, l.options());
                checkLower(o);
                if (o.gc() && o.coreType() == null) {
                    throw new ComponentInvalid(
                            "cannot specify `gc` without also specifying a `core-type` for lowerings");
                }
                if (o.async() && !f.async()) {
                    throw new ComponentInvalid("the `async` canonical option requires an async function type");
                }
                if (o.gc()) {
                    CoreTypes.FuncType declared = coreFuncType(s, o.coreType());
                    new GcLowering(s, o.encoding()).check(f, o.coreType());
                    s.coreFuncs.add(declared);
                } else {
                    s.coreFuncs.add(checkCoreType(s, o, lowerSignature(f, o, Abi.LOWER)));
                }
            }
            case Canon.ResourceNew r -> {
                String rep = localResource(s, r.resourceIndex());
                s.coreFuncs.add(sig(List.of(rep), List.of("i32")));
            }
            case Canon.ResourceDrop r -> {
                resourceAt(s, r.resourceIndex());
                s.coreFuncs.add(sig(List.of("i32"), List.of()));
            }
            case Canon.ResourceRep r -> {
                String rep = localResource(s, r.resourceIndex());
                s.coreFuncs.add(sig(List.of("i32"), List.of(rep)));
            }
            case Canon.BackpressureInc b -> {
                require(Feature.CM_ASYNC, "`backpressure.inc` requires the component model async feature");
                s.coreFuncs.add(VOID);
            }
            case Canon.BackpressureDec b -> {
                require(Feature.CM_ASYNC, "`backpressure.dec` requires the component model async feature");
                s.coreFuncs.add(VOID);
            }
            case Canon.TaskReturn tr -> {
                require(Feature.CM_ASYNC, "`task.return` requires the component model async feature");
                List<Param> params = new ArrayList<>();
                if (tr.result().isPresent()) {
                    params.add(new Param("v", valType(s, tr.result().get())));
                }
                Options o = options(s, tr.options());
                if (o.realloc() != null) {
                    throw new ComponentInvalid("cannot specify `realloc` option on `task.return`");
                }
                if (o.postReturn() != null) {
                    throw new ComponentInvalid("cannot specify `post-return` option on `task.return`");
                }
                checkLower(o);
                if (o.async()) {
                    throw new ComponentInvalid("cannot specify `async` option on `task.return`");
                }
                FuncType ft = new FuncType(false, params, null, 1);
                s.coreFuncs.add(
                        o.gc() ? coreFuncType(s, o.coreType()) : checkCoreType(s, o, lowerSignature(ft, o, Abi.LOWER)));
            }
            case Canon.TaskCancel t -> {
                require(Feature.CM_ASYNC, "`task.cancel` requires the component model async feature");
                s.coreFuncs.add(VOID);
            }
            case Canon.ContextGet g -> {
                require(Feature.CM_ASYNC, "`context.get` requires the component model async feature");
                String t = contextType(g.type(), "context.get");
                sameContextType(s, t);
                contextSlot(g.slot(), "context.get");
                s.coreFuncs.add(sig(List.of(), List.of(t)));
            }
            case Canon.ContextSet g -> {
                require(Feature.CM_ASYNC, "`context.set` requires the component model async feature");
                String t = contextType(g.type(), "context.set");
                sameContextType(s, t);
                contextSlot(g.slot(), "context.set");
                s.coreFuncs.add(sig(List.of(t), List.of()));
            }
            case Canon.SubtaskCancel sc -> {
                require(Feature.CM_ASYNC, "`subtask.cancel` requires the component model async feature");
                if (sc.async()) {
                    require(
                            Feature.CM_MORE_ASYNC_BUILTINS,
                            "async `subtask.cancel` requires the component model more async builtins feature");
                }
                s.coreFuncs.add(sig(i32s(1), i32s(1)));
            }
            case Canon.SubtaskDrop sd -> {
                require(Feature.CM_ASYNC, "`subtask.drop` requires the component model async feature");
                s.coreFuncs.add(sig(i32s(1), List.of()));
            }
            case Canon.StreamNew sn -> s.coreFuncs.add(endpoint(s, sn.typeIndex(), "stream.new", true));
            case Canon.StreamRead sr ->
                s.coreFuncs.add(streamIo(s, sr.typeIndex(), sr.options(), "stream.read", true, 3));
            case Canon.StreamWrite sw ->
                s.coreFuncs.add(streamIo(s, sw.typeIndex(), sw.options(), "stream.write", true, 3));
            case Canon.StreamCancelRead x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "stream.cancel-read", true));
            case Canon.StreamCancelWrite x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "stream.cancel-write", true));
            case Canon.StreamDropReadable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "stream.drop-readable", true));
            case Canon.StreamDropWritable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "stream.drop-writable", true));
            case Canon.FutureNew fn -> s.coreFuncs.add(endpoint(s, fn.typeIndex(), "future.new", false));
            case Canon.FutureRead fr ->
                s.coreFuncs.add(streamIo(s, fr.typeIndex(), fr.options(), "future.read", false, 2));
            case Canon.FutureWrite fw ->
                s.coreFuncs.add(streamIo(s, fw.typeIndex(), fw.options(), "future.write", false, 2));
            case Canon.FutureCancelRead x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "future.cancel-read", false));
            case Canon.FutureCancelWrite x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "future.cancel-write", false));
            case Canon.FutureDropReadable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "future.drop-readable", false));
            case Canon.FutureDropWritable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "future.drop-writable", false));
            case Canon.ErrorContextNew e -> {
                require(
                        Feature.CM_ERROR_CONTEXT,
                        "`error-context.new` requires the component model error-context feature");
                Options o = options(s, e.options());
                requireMemory(o);
                checkLower(o);
                if (o.async()) {
                    throw new ComponentInvalid("cannot specify `async` option on `error-context.new`");
                }
                s.coreFuncs.add(checkCoreType(s, o, sig(i32s(2), i32s(1))));
            }
            case Canon.ErrorContextDebugMessage e -> {
                require(
                        Feature.CM_ERROR_CONTEXT,
                        "`error-context.debug-message` requires the component model error-context feature");
                Options o = options(s, e.options());
                requireRealloc(o);
                checkLower(o);
                if (o.async()) {
                    throw new ComponentInvalid("cannot specify `async` option on `error-context.debug-message`");
                }
                s.coreFuncs.add(checkCoreType(s, o, sig(i32s(2), List.of())));
            }
            case Canon.ErrorContextDrop e -> {
                require(
                        Feature.CM_ERROR_CONTEXT,
                        "`error-context.drop` requires the component model error-context feature");
                s.coreFuncs.add(sig(i32s(1), List.of()));
            }
            case Canon.WaitableSetNew w -> {
                require(Feature.CM_ASYNC, "`waitable-set.new` requires the component model async feature");
                s.coreFuncs.add(sig(List.of(), i32s(1)));
            }
            case Canon.WaitableSetWait w -> {
                require(Feature.CM_ASYNC, "`waitable-set.wait` requires the component model async feature");
                s.coreFuncs.add(sig(List.of("i32", memPtr(s, w.memoryIndex())), i32s(1)));
            }
            case Canon.WaitableSetPoll w -> {
                require(Feature.CM_ASYNC, "`waitable-set.poll` requires the component model async feature");
                s.coreFuncs.add(sig(List.of("i32", memPtr(s, w.memoryIndex())), i32s(1)));
            }
            case Canon.WaitableSetDrop w -> {
                require(Feature.CM_ASYNC, "`waitable-set.drop` requires the component model async feature");
                s.coreFuncs.add(sig(i32s(1), List.of()));
            }
            case Canon.WaitableJoin w -> {
                require(Feature.CM_ASYNC, "`waitable.join` requires the component model async feature");
                s.coreFuncs.add(sig(i32s(2), List.of()));
            }
            case Canon.ThreadYield t -> {
                require(Feature.CM_ASYNC, "`thread.yield` requires the component model async feature");
                s.coreFuncs.add(sig(List.of(), i32s(1)));
            }
            case Canon.ThreadIndex t -> {
                require(Feature.CM_THREADING, "`thread.index` requires the component model threading feature");
                s.coreFuncs.add(sig(List.of(), i32s(1)));
            }
            case Canon.ThreadNewIndirect t -> {
                require(Feature.CM_THREADING, "`thread.new-indirect` requires the component model threading feature");
                CoreTypes.FuncType ft = coreFuncType(s, t.funcTypeIndex());
                if (!ft.params().equals(i32s(1)) || !ft.results().isEmpty()) {
                    throw new ComponentInvalid("start function must take a single `i32` argument");
                }
                CoreTypes.Table table = (CoreTypes.Table) at(s.tables, t.tableIndex(), "table");
                if (!table.element().contains("func")) {
                    throw new ComponentInvalid("table of `thread.new-indirect` must hold function references");
                }
                s.coreFuncs.add(sig(i32s(2), i32s(1)));
            }
            case Canon.ThreadResumeLater t -> {
                require(Feature.CM_THREADING, "`thread.resume-later` requires the component model threading feature");
                s.coreFuncs.add(sig(i32s(1), List.of()));
            }
            case Canon.ThreadSuspend t -> {
                require(Feature.CM_THREADING, "`thread.suspend` requires the component model threading feature");
                s.coreFuncs.add(sig(List.of(), i32s(1)));
            }
            case Canon.ThreadSuspendThenResume t -> {
                require(
                        Feature.CM_THREADING,
                        "`thread.suspend-then-resume` requires the component model threading feature");
                s.coreFuncs.add(sig(i32s(1), i32s(1)));
            }
            case Canon.ThreadYieldThenResume t -> {
                require(
                        Feature.CM_THREADING,
                        "`thread.yield-then-resume` requires the component model threading feature");
                s.coreFuncs.add(sig(i32s(1), i32s(1)));
            }
            case Canon.ThreadSuspendThenPromote t -> {
                require(
                        Feature.CM_THREADING,
                        "`thread.suspend-then-promote` requires the component model threading feature");
                s.coreFuncs.add(sig(i32s(1), i32s(1)));
            }
            case Canon.ThreadYieldThenPromote t -> {
                require(
                        Feature.CM_THREADING,
                        "`thread.yield-then-promote` requires the component model threading feature");
                s.coreFuncs.add(sig(i32s(1), i32s(1)));
            }
            case Canon.ThreadSpawnRef t -> {
                require(
                        Feature.SHARED_EVERYTHING_THREADS,
                        "`thread.spawn_ref` requires the shared-everything-threads proposal");
                coreFuncType(s, t.funcTypeIndex());
                s.coreFuncs.add(sig(List.of("(ref null func)", "i32"), i32s(1)));
            }
            case Canon.ThreadSpawnIndirect t -> {
                require(
                        Feature.SHARED_EVERYTHING_THREADS,
                        "`thread.spawn_indirect` requires the shared-everything-threads proposal");
                coreFuncType(s, t.funcTypeIndex());
                at(s.tables, t.tableIndex(), "table");
                s.coreFuncs.add(sig(i32s(2), i32s(1)));
            }
            case Canon.ThreadAvailableParallelism t -> {
                require(
                        Feature.SHARED_EVERYTHING_THREADS,
                        "`thread.available_parallelism` requires the shared-everything-threads proposal");
                s.coreFuncs.add(sig(List.of(), i32s(1)));
            }
        }
    }

    /** wasm-tools' cm-gc rules: each component type against the declared GC core type. */
    private static final class GcLowering {
        private final Scope s;
        private final CanonOption.StringEncoding encoding;

        GcLowering(Scope s, CanonOption.StringEncoding encoding) {
            this.s = s;
            this.encoding = encoding == null ? CanonOption.StringEncoding.UTF8 : encoding;
        }

        void check(FuncType f, int coreTypeIndex) {
            CoreType.SubType raw = s.rawCoreTypes.get(coreTypeIndex);
            if (raw == null || !(raw.composite().inner() instanceof CoreType.FuncType ft)) {
                return;
            }
            if (ft.params().size() != f.params().size()) {
                throw new ComponentInvalid(
                        "declared `core-type` has " + ft.params().size() + " parameters, but component function has "
                                + f.params().size() + " parameters");
            }
            int results = f.result() == null ? 0 : 1;
            if (ft.results().size() != results) {
                throw new ComponentInvalid("declared `core-type` has "
                        + ft.results().size() + " results, but component function has " + results + " results");
            }
            for (int i = 0; i < ft.params().size(); i++) {
                lower(f.params().get(i).type(), ft.params().get(i));
            }
            if (f.result() != null) {
                lower(f.result(), ft.results().getFirst());
            }
        }

        private static CoreType.ValType valType(CoreType.StorageType core) {
            return core instanceof CoreType.ValType v ? v : null;
        }

        private CoreType.Composite concrete(CoreType.StorageType core) {
            if (valType(core) instanceof CoreType.RefType r) {
                Integer idx = switch (r.heap()) {
                    case CoreType.ConcreteHeap c -> c.typeIndex();
                    case CoreType.ExactHeap e -> e.typeIndex();
                    default -> null;
                };
                if (idx != null && s.rawCoreTypes.get(idx) != null) {
                    return s.rawCoreTypes.get(idx).composite().inner();
                }
            }
            return null;
        }

        private static boolean isExtern(CoreType.StorageType core) {
            return valType(core) instanceof CoreType.RefType r
                    && r.heap() instanceof CoreType.AbstractHeap a
                    && a.kind() == CoreType.AbstractHeapKind.EXTERN;
        }

        private static void need(boolean ok, String component, String core) {
            if (!ok) {
                throw new ComponentInvalid(
                        "expected to lower component `" + component + "` type to core `" + core + "` type");
            }
        }

        /** {@code core} is a parameter/result value type or a struct field/array element storage type. */
        void lower(ValueType t, CoreType.StorageType core) {
            lower(t, core, false);
        }

        void lower(ValueType t, CoreType.StorageType core, boolean field) {
            CoreType.ValType v = valType(core);
            switch (t) {
                case Primitive p -> {
                    switch (p.p()) {
                        case BOOL, S8, U8 ->
                            need(
                                    field ? core == CoreType.Packed.I8 : v == CoreType.NumType.I32,
                                    p.p().witName(),
                                    field ? "i8" : "i32");
                        case S16, U16 ->
                            need(
                                    field ? core == CoreType.Packed.I16 : v == CoreType.NumType.I32,
                                    p.p().witName(),
                                    field ? "i16" : "i32");
                        case S32, U32, CHAR -> need(v == CoreType.NumType.I32, p.p().witName(), "i32");
                        case S64, U64 -> need(v == CoreType.NumType.I64, p.p().witName(), "i64");
                        case F32 -> need(v == CoreType.NumType.F32, "f32", "f32");
                        case F64 -> need(v == CoreType.NumType.F64, "f64", "f64");
                        case STRING -> {
                            CoreType.Packed want = encoding == CanonOption.StringEncoding.UTF16
                                    ? CoreType.Packed.I16
                                    : CoreType.Packed.I8;
                            need(
                                    concrete(core) instanceof CoreType.ArrayType a
                                            && a.element().storage() == want,
                                    "string",
                                    "(ref null? (array (mut? " + want.name().toLowerCase(java.util.Locale.ROOT)
                                            + ")))");
                        }
                        case ERROR_CONTEXT -> need(isExtern(core), "error-context", "(ref null? extern)");
                    }
                }
                case RecordType r ->
                    product(r.fields().stream().map(Field::type).toList(), core, "record");
                case TupleType tu -> product(tu.types(), core, "tuple");
                case VariantType x -> sum(core, "variant");
                case OptionType x -> sum(core, "option");
                case ResultType x -> sum(core, "result");
                case ListType l -> {
                    need(concrete(core) instanceof CoreType.ArrayType, "list", "(ref null? (array ...))");
                    lower(
                            l.element(),
                            ((CoreType.ArrayType) concrete(core)).element().storage(),
                            true);
                }
                case FixedListType l -> {
                    need(concrete(core) instanceof CoreType.ArrayType, "list", "(ref null? (array ...))");
                    lower(
                            l.element(),
                            ((CoreType.ArrayType) concrete(core)).element().storage(),
                            true);
                }
                case MapType m ->
                    throw new ComponentInvalid("GC lowering for component `map` type is not yet implemented");
                case FlagsType f -> need(v == CoreType.NumType.I32, "flags", "i32");
                case EnumType e -> need(v == CoreType.NumType.I32, "enum", "i32");
                case OwnType o -> need(isExtern(core), "own", "(ref null? extern)");
                case BorrowType b -> need(isExtern(core), "borrow", "(ref null? extern)");
                case StreamType st -> need(isExtern(core), "stream", "(ref null? extern)");
                case FutureType fu -> need(isExtern(core), "future", "(ref null? extern)");
            }
        }

        private void product(List<ValueType> fields, CoreType.StorageType core, String kind) {
            if (!(concrete(core) instanceof CoreType.StructType st)) {
                throw new ComponentInvalid(
                        "expected to lower component `" + kind + "` type to core `(ref null? (struct ...))`");
            }
            if (st.fields().size() != fields.size()) {
                throw new ComponentInvalid("core `struct` has " + st.fields().size() + " fields, but component `" + kind
                        + "` has " + fields.size() + " fields");
            }
            for (int i = 0; i < fields.size(); i++) {
                lower(fields.get(i), st.fields().get(i).storage(), true);
            }
        }

        private void sum(CoreType.StorageType core, String kind) {
            if (!(concrete(core) instanceof CoreType.StructType st)
                    || !st.fields().isEmpty()) {
                throw new ComponentInvalid(
                        "expected to lower component `" + kind + "` type to core `(ref null? (struct))`");
            }
        }
    }

    private CoreTypes.FuncType checkCoreType(Scope s, Options o, CoreTypes.FuncType actual) {
        if (o.coreType() != null) {
            CoreTypes.FuncType declared = coreFuncType(s, o.coreType());
            if (!declared.equals(actual)) {
                throw new ComponentInvalid(
                        "declared core type has `" + declared + "` but actual lowering has `" + actual + "`");
            }
            return declared;
        }
        return actual;
    }

    private String memPtr(Scope s, int memoryIndex) {
        CoreTypes.Memory m = (CoreTypes.Memory) at(s.memories, memoryIndex, "memory");
        if (m.is64()) {
            require(Feature.CM64, "64-bit memories require the cm64 feature");
            return "i64";
        }
        return "i32";
    }

    private String contextType(CoreType.ValType t, String op) {
        if (t == CoreType.NumType.I32) {
            return "i32";
        }
        if (t == CoreType.NumType.I64) {
            require(Feature.CM64, "`" + op + "` with `i64` requires the cm64 feature");
            return "i64";
        }
        throw new ComponentInvalid("`" + op + "` only supports `i32` or `i64`");
    }

    private static void sameContextType(Scope s, String t) {
        if (s.contextType == null) {
            s.contextType = t;
        } else if (!s.contextType.equals(t)) {
            throw new ComponentInvalid("type must match previous context type");
        }
    }

    private void contextSlot(int slot, String op) {
        if (slot > 0) {
            require(Feature.CM_THREADING, "`" + op + "` immediate must be zero: " + slot);
            if (slot > 1) {
                throw new ComponentInvalid("`" + op + "` immediate must be zero or one: " + slot);
            }
        }
    }

    private ValueType streamType(Scope s, int index, String op) {
        TypeDefinition d = at(s.types, index, "type");
        if (d instanceof ValueTypeDefinition v && v.type() instanceof StreamType) {
            return v.type();
        }
        throw new ComponentInvalid("`" + op + "` requires a stream type");
    }

    private ValueType futureType(Scope s, int index, String op) {
        TypeDefinition d = at(s.types, index, "type");
        if (d instanceof ValueTypeDefinition v && v.type() instanceof FutureType) {
            return v.type();
        }
        throw new ComponentInvalid("`" + op + "` requires a future type");
    }

    private CoreTypes.FuncType streamIo(
            Scope s, int index, List<CanonOption> opts, String op, boolean stream, int params) {
        require(Feature.CM_ASYNC, "`" + op + "` requires the component model async feature");
        ValueType t = stream ? streamType(s, index, op) : futureType(s, index, op);
        ValueType payload = t instanceof StreamType st ? st.payload() : ((FutureType) t).payload();
        Options o = options(s, opts);
        if (!o.async()) {
            require(
                    Feature.CM_MORE_ASYNC_BUILTINS,
                    "synchronous `" + op + "` requires the component model more async builtins feature");
        }
        if (payload != null) {
            requireMemory(o);
            if (containsPtr(payload) && op.endsWith("read")) {
                requireRealloc(o);
            }
        }
        checkLower(o);
        return checkCoreType(s, o, sig(i32s(params), i32s(1)));
    }

    /**
     * {@code stream.new}/{@code future.new} (→ the packed pair of ends, one i64) and the four
     * {@code drop-readable}/{@code drop-writable} built-ins (one end in, nothing out).
     */
    private CoreTypes.FuncType endpoint(Scope s, int index, String op, boolean stream) {
        require(Feature.CM_ASYNC, "`" + op + "` requires the component model async feature");
        if (stream) {
            streamType(s, index, op);
        } else {
            futureType(s, index, op);
        }
        return op.endsWith(".new") ? sig(List.of(), List.of("i64")) : sig(i32s(1), List.of());
    }

    private CoreTypes.FuncType cancel(Scope s, int index, boolean async, String op, boolean stream) {
        require(Feature.CM_ASYNC, "`" + op + "` requires the component model async feature");
        if (async) {
            require(
                    Feature.CM_MORE_ASYNC_BUILTINS,
                    "async `" + op + "` requires the component model more async builtins feature");
        }
        if (stream) {
            streamType(s, index, op);
        } else {
            futureType(s, index, op);
        }
        return sig(i32s(1), i32s(1));
    }

    private String localResource(Scope s, int index) {
        int r = resourceAt(s, index);
        if (!s.localResources.contains(baseResource(r))) {
            throw new ComponentInvalid("type " + index + " is not a local resource");
        }
        return resourceRep.getOrDefault(r, "i32");
    }

    // ---------------------------------------------------------------- start

    private void start(Scope s, Section.Start st) {
        require(Feature.CM_VALUES, "support for component model `value`s is not enabled");
        if (s.hasStart) {
            throw new ComponentInvalid("component cannot have more than one start function");
        }
        s.hasStart = true;
        FuncType f = at(s.funcs, st.funcIndex(), "func");
        if (f.params().size() != st.args().size()) {
            throw new ComponentInvalid(
                    "component start function requires " + f.params().size() + " arguments but was given "
                            + st.args().size());
        }
        for (int i = 0; i < st.args().size(); i++) {
            ValueType v = useValue(s, st.args().get(i));
            if (!new Subtyping(this).valueType(v, f.params().get(i).type())) {
                throw new ComponentInvalid("value type mismatch for component start function argument " + i);
            }
        }
        int results = f.result() == null ? 0 : 1;
        if (results != st.results()) {
            throw new ComponentInvalid("component start function has a result count of " + results
                    + " but the function type has a result count of " + st.results());
        }
        if (f.result() != null) {
            addValue(s, f.result());
        }
    }
}
