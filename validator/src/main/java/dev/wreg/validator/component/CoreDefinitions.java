package dev.wreg.validator.component;

import dev.wreg.engine.binary.CoreInstance;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.CoreType;
import dev.wreg.validator.core.Feature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Core definitions inside a component (Explainer.md, "Core definitions"): core types (recursion
 * groups with their canonical identities, shared between the component's core type sections and
 * the modules it embeds; module types with their imports and exports) and core instances (module
 * instantiation against the module's imports, bags of exports).
 */
final class CoreDefinitions {
    private final FeatureGate features;
    private final CoreTypeIds typeIds;

    CoreDefinitions(FeatureGate features, CoreTypeIds typeIds) {
        this.features = features;
        this.typeIds = typeIds;
    }

    /** A core type definition: a recursion group (or a single type) or a module type. */
    void coreType(Scope s, CoreType t) {
        switch (t) {
            case CoreType.RecGroup g -> {
                int base = s.coreTypes.size();
                if (!features.has(Feature.GC)) {
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
            features.require(
                    Feature.SHARED_EVERYTHING_THREADS, "shared types require the shared-everything-threads proposal");
        }
        return switch (sub.composite().inner()) {
            case CoreType.FuncType f ->
                new CoreTypes.FuncType(
                        f.params().stream().map(v -> coreVal(s, v)).toList(),
                        f.results().stream().map(v -> coreVal(s, v)).toList());
            case CoreType.StructType st -> {
                if (!features.has(Feature.GC)) {
                    throw new ComponentInvalid("struct indexed types not supported without the gc feature");
                }
                StringBuilder sb = new StringBuilder("struct");
                for (CoreType.FieldType ft : st.fields()) {
                    sb.append(' ').append(storage(s, ft.storage())).append(ft.mutable() ? "mut" : "");
                }
                yield new CoreTypes.Other(sb.toString());
            }
            case CoreType.ArrayType at -> {
                if (!features.has(Feature.GC)) {
                    throw new ComponentInvalid("array indexed types not supported without the gc feature");
                }
                yield new CoreTypes.Other("array " + storage(s, at.element().storage())
                        + (at.element().mutable() ? "mut" : ""));
            }
            case CoreType.ContType ct -> {
                features.require(
                        Feature.STACK_SWITCHING, "cannot define continuation types when stack switching is disabled");
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
                    features.require(Feature.SIMD, "SIMD support is not enabled");
                }
                yield n.name().toLowerCase(java.util.Locale.ROOT);
            }
            case CoreType.RefType r -> {
                String heap = switch (r.heap()) {
                    case CoreType.AbstractHeap a -> {
                        if (!features.has(Feature.REFERENCE_TYPES) && !features.has(Feature.GC)) {
                            throw new ComponentInvalid("reference types support is not enabled");
                        }
                        yield (a.shared() ? "shared " : "") + a.kind().name().toLowerCase(java.util.Locale.ROOT);
                    }
                    case CoreType.ConcreteHeap c -> {
                        if (c.typeIndex() >= s.coreTypes.size()) {
                            throw new ComponentInvalid("unknown type " + c.typeIndex() + ": type index out of bounds");
                        }
                        if (!features.has(Feature.REFERENCE_TYPES)
                                || (!features.has(Feature.FUNCTION_REFERENCES) && !features.has(Feature.GC))) {
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
        Scope inner = new Scope(s, Scope.Kind.INSTANCE_TYPE);
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
            case CoreType.FuncExtern f -> new CoreTypes.Func(s.coreFuncType(f.typeIndex()));
            case CoreType.FuncExactExtern f -> new CoreTypes.Func(s.coreFuncType(f.typeIndex()));
            case CoreType.TableExtern tt -> {
                if (tt.limits().is64()) {
                    features.require(Feature.MEMORY64, "memory64 must be enabled for 64-bit tables");
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
                    features.require(Feature.MEMORY64, "memory64 must be enabled for 64-bit memories");
                }
                if (l.pageSizeLog2().isPresent()) {
                    features.require(
                            Feature.CUSTOM_PAGE_SIZES,
                            "the custom page sizes proposal must be enabled to customize a memory's page size");
                    int p = l.pageSizeLog2().get();
                    if (p != 0 && p != 16) {
                        throw new ComponentInvalid("invalid custom page size");
                    }
                }
                if ((l.flags() & 2) != 0) {
                    features.require(Feature.THREADS, "threads must be enabled for shared memories");
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
                features.require(Feature.EXCEPTIONS, "exceptions proposal not enabled");
                CoreTypes.FuncType ft = s.coreFuncType(tg.typeIndex());
                if (!ft.results().isEmpty()) {
                    throw new ComponentInvalid("invalid exception type: non-empty tag result type");
                }
                yield new CoreTypes.Tag(ft);
            }
        };
    }

    /** A core instance: a module instantiated with core instances as arguments, or a bag of exports. */
    void coreInstance(Scope s, CoreInstance ci) {
        switch (ci) {
            case CoreInstance.Instantiate in -> {
                CoreTypes.ModuleType m = Scope.at(s.modules, in.moduleIndex(), "module");
                Map<String, Map<String, CoreTypes.Extern>> args = new HashMap<>();
                for (CoreInstance.Arg a : in.args()) {
                    Map<String, CoreTypes.Extern> inst = Scope.at(s.coreInstances, a.instanceIndex(), "core instance");
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
            case FUNC -> new CoreTypes.Func(Scope.at(s.coreFuncs, index, "func"));
            case TABLE -> Scope.at(s.tables, index, "table");
            case MEMORY -> Scope.at(s.memories, index, "memory");
            case GLOBAL -> Scope.at(s.globals, index, "global");
            case TAG -> Scope.at(s.tags, index, "tag");
            default ->
                throw new ComponentInvalid(
                        "core instances may only export functions, tables, memories, globals and tags");
        };
    }
}
