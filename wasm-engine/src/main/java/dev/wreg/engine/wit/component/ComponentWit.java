package dev.wreg.engine.wit.component;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.ValType;
import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.Stability;
import dev.wreg.engine.wit.TypeDef;
import dev.wreg.engine.wit.TypeDefKind;
import dev.wreg.engine.wit.TypeId;
import dev.wreg.engine.wit.TypeOwner;
import dev.wreg.engine.wit.WitFunction;
import dev.wreg.engine.wit.WitInterface;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitPackageName;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitType;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldId;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import dev.wreg.engine.wit.component.TypeGraph.AliasT;
import dev.wreg.engine.wit.component.TypeGraph.ComponentT;
import dev.wreg.engine.wit.component.TypeGraph.DefinedT;
import dev.wreg.engine.wit.component.TypeGraph.Ext;
import dev.wreg.engine.wit.component.TypeGraph.Extern;
import dev.wreg.engine.wit.component.TypeGraph.FuncT;
import dev.wreg.engine.wit.component.TypeGraph.InstanceT;
import dev.wreg.engine.wit.component.TypeGraph.ResourceT;
import dev.wreg.engine.wit.component.TypeGraph.TypeEnt;
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
 * Builds the WIT of a component: for a concrete component, the world {@code root} of package
 * {@code root:component} with what it imports and exports, plus every interface it names in the
 * packages they belong to (only the parts the component uses); for a WIT package encoded as a
 * component (a component exporting only component types), that package with its interfaces and
 * worlds and the foreign packages it refers to. Packages come in dependency order, the main one
 * last, as wasm-tools orders them.
 */
public final class ComponentWit {

    /**
     * The result: the resolve, its main package and, for a concrete component, its world (null for
     * an encoded WIT package).
     */
    public record Decoded(WitResolve resolve, PackageId main, WorldId world) {
        public boolean isWitPackage() {
            return world == null;
        }
    }

    /** Decodes a component binary and builds its WIT. */
    public static Decoded decode(byte[] bytes) {
        return decode(ComponentDecoder.decode(bytes));
    }

    /** Builds the WIT of a decoded component. */
    public static Decoded decode(Component component) {
        List<Extern> externs = TypeGraph.externs(component);
        ComponentWit w = new ComponentWit();
        for (Section.Custom custom : component.sections(Section.Custom.class)) {
            if (custom.name().equals(PackageDocs.SECTION_NAME)) {
                if (w.packageDocs != null) {
                    throw new WitDecodeException("multiple \"package-docs\" sections");
                }
                w.packageDocs = custom.data().toArray();
            }
        }
        if (isWitPackage(externs)) {
            return w.decodeWitPackage(externs);
        }
        return w.decodeComponent(externs);
    }

    /** Docs and gates from a {@code package-docs} section, applied before the resolve is built. */
    private WitResolve build(PackageId main) {
        if (packageDocs != null) {
            PackageDocs.inject(packageDocs, b, main);
        }
        return b.build();
    }

    private static boolean isWitPackage(List<Extern> externs) {
        if (externs.isEmpty()) {
            return false;
        }
        for (Extern e : externs) {
            if (e.isImport()
                    || !(e.ext() instanceof TypeGraph.TypeExt(TypeEnt t))
                    || !(TypeGraph.peel(t) instanceof ComponentT)) {
                return false;
            }
        }
        return ExternName.Kind.parse(externs.getFirst().name()) instanceof ExternName.Kind.Plain;
    }

    // ---- state ----

    /** An interface being filled in; types and functions are added as they are met. */
    private static final class Draft {
        final String name;
        final Map<String, TypeId> types = new LinkedHashMap<>();
        final Map<String, WitFunction> functions = new LinkedHashMap<>();
        PackageId pkg;

        Draft(String name) {
            this.name = name;
        }
    }

    private static final class ForeignPackage {
        final WitPackageName name;
        final Map<String, InterfaceId> interfaces = new LinkedHashMap<>();

        ForeignPackage(WitPackageName name) {
            this.name = name;
        }
    }

    /** The interfaces and worlds of the package being decoded. */
    private static final class PackageFields {
        final Map<String, InterfaceId> interfaces = new LinkedHashMap<>();
        final Map<String, WorldId> worlds = new LinkedHashMap<>();
    }

    private final WitResolve.Builder b = WitResolve.builder();
    private final Map<InterfaceId, Draft> drafts = new LinkedHashMap<>();
    private final Map<String, ForeignPackage> foreign = new LinkedHashMap<>();
    private final Map<InterfaceId, String> ifaceToForeign = new HashMap<>();
    private final Map<String, InterfaceId> namedInterfaces = new HashMap<>();
    private final Map<TypeOwner, Map<String, TypeId>> resources = new HashMap<>();
    private final Map<TypeEnt, TypeId> typeMap = new IdentityHashMap<>();
    private final List<WorldId> worldIds = new ArrayList<>();
    private final Map<WorldId, WitWorld> worldDrafts = new HashMap<>();

    private byte[] packageDocs;

    private ComponentWit() {}

    // ---- concrete components ----

    private Decoded decodeComponent(List<Extern> externs) {
        WorldId world = b.reserveWorld();
        TypeOwner owner = new TypeOwner.OfWorld(world);
        PackageFields fields = new PackageFields();
        Map<WorldKey, WorldItem> imports = new LinkedHashMap<>();
        Map<WorldKey, WorldItem> exports = new LinkedHashMap<>();
        for (Extern e : externs) {
            String name = e.name();
            if (e.isImport()) {
                switch (e.ext()) {
                    case TypeGraph.InstanceExt(InstanceT inst) ->
                        put(imports, worldInstance(name, e.implementsName(), inst, fields));
                    case TypeGraph.FuncExt(FuncT f) ->
                        imports.put(new WorldKey.Name(name), new WorldItem.FunctionItem(function(name, f, owner)));
                    case TypeGraph.TypeExt(TypeEnt created) ->
                        imports.put(new WorldKey.Name(name), new WorldItem.TypeItem(typeExport(name, created, owner)));
                    default -> {}
                }
            } else {
                switch (e.ext()) {
                    case TypeGraph.FuncExt(FuncT f) ->
                        exports.put(new WorldKey.Name(name), new WorldItem.FunctionItem(function(name, f, owner)));
                    case TypeGraph.InstanceExt(InstanceT inst) ->
                        put(exports, worldInstance(name, e.implementsName(), inst, fields));
                    default ->
                        throw new WitDecodeException("component export `" + name + "` was not a function or instance");
                }
            }
        }
        worldDrafts.put(world, new WitWorld("root", null, imports, exports, null, Stability.UNKNOWN));
        worldIds.add(world);
        fields.worlds.put("root", world);
        PackageId main = finish(new WitPackageName("root", "component", null), fields);
        return new Decoded(build(main), main, world);
    }

    private static void put(Map<WorldKey, WorldItem> map, Map.Entry<WorldKey, WorldItem> e) {
        map.put(e.getKey(), e.getValue());
    }

    // ---- WIT packages encoded as components ----

    private Decoded decodeWitPackage(List<Extern> externs) {
        PackageFields fields = new PackageFields();
        WitPackageName pkgName = null;
        for (Extern e : externs) {
            ComponentT ct = (ComponentT) TypeGraph.peel(((TypeGraph.TypeExt) e.ext()).created());
            if (ct.exports.size() != 1) {
                throw new WitDecodeException("expected a single export, but found " + ct.exports.size() + " instead");
            }
            Map.Entry<String, Ext> only = ct.exports.entrySet().iterator().next();
            ExternName.Kind kind = ExternName.Kind.parse(only.getKey());
            if (!(kind instanceof ExternName.Kind.Interface id)) {
                throw new WitDecodeException("expected `" + only.getKey() + "` to be fully qualified");
            }
            WitPackageName name = packageName(id);
            switch (only.getValue()) {
                case TypeGraph.ComponentExt(ComponentT world) -> world(id.interfaceName(), world, fields);
                case TypeGraph.InstanceExt(InstanceT inst) -> {
                    for (Map.Entry<String, Ext> imp : ct.imports.entrySet()) {
                        if (imp.getValue() instanceof TypeGraph.InstanceExt(InstanceT dep)) {
                            registerImport(imp.getKey(), dep);
                        } else {
                            throw new WitDecodeException("import `" + imp.getKey() + "` is not an instance");
                        }
                    }
                    registerInterface(only.getKey(), inst, fields);
                }
                default -> throw new WitDecodeException("export `" + only.getKey() + "` is not a world or interface");
            }
            if (pkgName != null && !pkgName.equals(name)) {
                throw new WitDecodeException("item defined with mismatched package name");
            }
            pkgName = name;
        }
        PackageId main = finish(pkgName, fields);
        return new Decoded(build(main), main, null);
    }

    private void world(String name, ComponentT ct, PackageFields fields) {
        WorldId id = b.reserveWorld();
        TypeOwner owner = new TypeOwner.OfWorld(id);
        Map<WorldKey, WorldItem> imports = new LinkedHashMap<>();
        Map<WorldKey, WorldItem> exports = new LinkedHashMap<>();
        for (Map.Entry<String, Ext> e : ct.imports.entrySet()) {
            String n = e.getKey();
            switch (e.getValue()) {
                case TypeGraph.InstanceExt(InstanceT inst) ->
                    put(imports, worldInstance(n, ct.importImplements.get(n), inst, fields));
                case TypeGraph.TypeExt(TypeEnt created) ->
                    imports.put(new WorldKey.Name(n), new WorldItem.TypeItem(typeExport(n, created, owner)));
                case TypeGraph.FuncExt(FuncT f) ->
                    imports.put(new WorldKey.Name(n), new WorldItem.FunctionItem(function(n, f, owner)));
                default ->
                    throw new WitDecodeException("component import `" + n + "` is not an instance, func, or type");
            }
        }
        for (Map.Entry<String, Ext> e : ct.exports.entrySet()) {
            String n = e.getKey();
            switch (e.getValue()) {
                case TypeGraph.InstanceExt(InstanceT inst) ->
                    put(exports, worldInstance(n, ct.exportImplements.get(n), inst, fields));
                case TypeGraph.FuncExt(FuncT f) ->
                    exports.put(new WorldKey.Name(n), new WorldItem.FunctionItem(function(n, f, owner)));
                default -> throw new WitDecodeException("component export `" + n + "` is not an instance or function");
            }
        }
        worldDrafts.put(id, new WitWorld(name, null, imports, exports, null, Stability.UNKNOWN));
        worldIds.add(id);
        if (fields.worlds.put(name, id) != null) {
            throw new WitDecodeException("duplicate world `" + name + "`");
        }
    }

    // ---- interfaces ----

    private Map.Entry<WorldKey, WorldItem> worldInstance(
            String name, String implementsName, InstanceT inst, PackageFields fields) {
        InterfaceId id;
        WorldKey key;
        if (implementsName != null) {
            // `import label: ns:pkg/iface;`: a named instance of an existing interface
            id = registerImport(implementsName, inst);
            key = new WorldKey.Name(name);
        } else if (ExternName.Kind.parse(name) instanceof ExternName.Kind.Interface) {
            id = registerImport(name, inst);
            key = new WorldKey.Interface(id);
        } else {
            Map.Entry<WorldKey, InterfaceId> r = registerInterface(name, inst, fields);
            key = r.getKey();
            id = r.getValue();
        }
        return Map.entry(key, new WorldItem.InterfaceItem(id, null, Stability.UNKNOWN));
    }

    /**
     * An interface of another package (filled in lazily with what this component uses), or one of
     * this package defined earlier (then everything must already be there).
     */
    private InterfaceId registerImport(String name, InstanceT inst) {
        InterfaceId local = namedInterfaces.get(name);
        boolean isLocal = local != null;
        InterfaceId iface = isLocal ? local : foreignInterface(name);
        Draft draft = drafts.get(iface);
        TypeOwner owner = new TypeOwner.OfInterface(iface);
        for (Map.Entry<String, Ext> e : inst.exports.entrySet()) {
            String n = e.getKey();
            switch (e.getValue()) {
                case TypeGraph.TypeExt(TypeEnt created) -> {
                    TypeId existing = draft.types.get(n);
                    if (existing != null) {
                        typeMap.put(created, existing);
                    } else {
                        if (isLocal) {
                            throw new WitDecodeException("instance type export `" + n + "` not defined in interface");
                        }
                        draft.types.put(n, typeExport(n, created, owner));
                    }
                }
                case TypeGraph.FuncExt(FuncT f) -> {
                    if (!draft.functions.containsKey(n)) {
                        if (isLocal) {
                            throw new WitDecodeException(
                                    "instance function export `" + n + "` not defined in interface");
                        }
                        draft.functions.put(n, function(n, f, owner));
                    }
                }
                default -> throw new WitDecodeException("instance type export `" + n + "` is not a type");
            }
        }
        return iface;
    }

    private InterfaceId foreignInterface(String name) {
        if (!(ExternName.Kind.parse(name) instanceof ExternName.Kind.Interface id)) {
            throw new WitDecodeException("package name is not a valid id: " + name);
        }
        WitPackageName pn = packageName(id);
        ForeignPackage fp = foreign.computeIfAbsent(pn.toString(), k -> new ForeignPackage(pn));
        InterfaceId iid = fp.interfaces.get(id.interfaceName());
        if (iid == null) {
            iid = b.reserveInterface();
            drafts.put(iid, new Draft(id.interfaceName()));
            fp.interfaces.put(id.interfaceName(), iid);
        }
        ifaceToForeign.put(iid, pn.toString());
        return iid;
    }

    private static WitPackageName packageName(ExternName.Kind.Interface id) {
        if (id.namespaces().size() != 1 || id.projections().size() != 1) {
            throw new WitDecodeException("nested namespaces and packages are not supported: " + id.packageId());
        }
        return new WitPackageName(id.namespace(), id.packageName(), id.version().orElse(null));
    }

    /** An interface defined by this instance type: named (part of the package) or anonymous. */
    private Map.Entry<WorldKey, InterfaceId> registerInterface(String name, InstanceT inst, PackageFields fields) {
        if (namedInterfaces.containsKey(name)) {
            InterfaceId id = registerImport(name, inst);
            return Map.entry(new WorldKey.Interface(id), id);
        }
        String ifaceName =
                ExternName.Kind.parse(name) instanceof ExternName.Kind.Interface i ? i.interfaceName() : null;
        if (ifaceName == null && !(ExternName.Kind.parse(name) instanceof ExternName.Kind.Plain)) {
            throw new WitDecodeException("cannot extract item name from: " + name);
        }
        InterfaceId id = b.reserveInterface();
        Draft draft = new Draft(ifaceName);
        drafts.put(id, draft);
        TypeOwner owner = new TypeOwner.OfInterface(id);
        for (Map.Entry<String, Ext> e : inst.exports.entrySet()) {
            String n = e.getKey();
            switch (e.getValue()) {
                case TypeGraph.TypeExt(TypeEnt created) -> draft.types.put(n, typeExport(n, created, owner));
                case TypeGraph.FuncExt(FuncT f) -> draft.functions.put(n, function(n, f, owner));
                default -> throw new WitDecodeException("instance type export `" + n + "` is not a type or function");
            }
        }
        if (ifaceName != null) {
            if (fields.interfaces.put(ifaceName, id) != null) {
                throw new WitDecodeException("duplicate interface `" + ifaceName + "`");
            }
            namedInterfaces.put(name, id);
            return Map.entry(new WorldKey.Interface(id), id);
        }
        return Map.entry(new WorldKey.Name(name), id);
    }

    // ---- types ----

    /** The WIT type a type slot was already given, following aliases (as a `use` would). */
    private TypeId findAlias(TypeEnt t) {
        TypeEnt cur = t;
        for (int i = 0; i < 100_000; i++) {
            TypeId prev = typeMap.get(cur);
            if (prev != null) {
                return prev;
            }
            if (cur instanceof AliasT a) {
                cur = a.target;
            } else {
                return null;
            }
        }
        return null;
    }

    /** A named type export or import: a new definition, or an alias of one met before (a `use`). */
    private TypeId typeExport(String name, TypeEnt created, TypeOwner owner) {
        TypeEnt referenced = created instanceof AliasT a ? a.target : created;
        TypeId prev = findAlias(referenced);
        TypeDefKind kind;
        if (prev != null) {
            kind = new TypeDefKind.Alias(prev);
        } else {
            kind = switch (TypeGraph.peel(referenced)) {
                case DefinedT d -> defined(d);
                case ResourceT r -> new TypeDefKind.Resource();
                default -> throw new WitDecodeException("type `" + name + "` is not a value or resource type");
            };
        }
        TypeId id = b.addType(new TypeDef(name, kind, owner, null, Stability.UNKNOWN));
        if (kind instanceof TypeDefKind.Resource) {
            resources.computeIfAbsent(owner, k -> new HashMap<>()).put(name, id);
        }
        typeMap.put(created, id);
        return id;
    }

    private WitType valType(ValType v, TypeGraph.Scope scope) {
        return switch (v) {
            case PrimitiveType p -> primitive(p);
            case ValType.Ref(int index) -> {
                TypeEnt t = scope.type(index);
                TypeId known = findAlias(t);
                if (known != null) {
                    yield known;
                }
                if (!(TypeGraph.peel(t) instanceof DefinedT d)) {
                    throw new WitDecodeException("type index " + index + " is not a value type");
                }
                TypeDefKind kind = defined(d);
                switch (kind) {
                    case TypeDefKind.Record r ->
                        throw new WitDecodeException("unexpected unnamed type of kind 'record'");
                    case TypeDefKind.Variant r ->
                        throw new WitDecodeException("unexpected unnamed type of kind 'variant'");
                    case TypeDefKind.Enum r -> throw new WitDecodeException("unexpected unnamed type of kind 'enum'");
                    case TypeDefKind.Flags r -> throw new WitDecodeException("unexpected unnamed type of kind 'flags'");
                    default -> {}
                }
                TypeId id = b.addType(TypeDef.anonymous(kind));
                typeMap.put(t, id);
                yield id;
            }
        };
    }

    private static WitType.Primitive primitive(PrimitiveType p) {
        return WitType.Primitive.byWitName(p.witName());
    }

    private int definedDepth;

    private TypeDefKind defined(DefinedT d) {
        if (++definedDepth > 1000) {
            throw new WitDecodeException("types nested too deeply");
        }
        try {
            TypeGraph.Scope s = d.scope();
            return switch (d.def()) {
                case PrimitiveType p -> new TypeDefKind.Alias(primitive(p));
                case DefValType.RecordType(List<DefValType.Field> fields) -> {
                    List<TypeDefKind.Field> out = new ArrayList<>();
                    for (DefValType.Field f : fields) {
                        out.add(new TypeDefKind.Field(f.name(), valType(f.type(), s), null));
                    }
                    yield new TypeDefKind.Record(out);
                }
                case DefValType.VariantType(List<DefValType.Case> cases) -> {
                    List<TypeDefKind.VariantCase> out = new ArrayList<>();
                    for (DefValType.Case c : cases) {
                        out.add(new TypeDefKind.VariantCase(
                                c.name(),
                                c.type().isPresent() ? valType(c.type().get(), s) : null,
                                null));
                    }
                    yield new TypeDefKind.Variant(out);
                }
                case DefValType.ListType(ValType e) -> new TypeDefKind.ListOf(valType(e, s));
                case DefValType.FixedListType(ValType e, int len) ->
                    new TypeDefKind.FixedList(valType(e, s), Integer.toUnsignedLong(len));
                case DefValType.TupleType(List<ValType> types) -> {
                    List<WitType> out = new ArrayList<>();
                    for (ValType t : types) {
                        out.add(valType(t, s));
                    }
                    yield new TypeDefKind.Tuple(out);
                }
                case DefValType.FlagsType(List<String> names) ->
                    new TypeDefKind.Flags(names.stream()
                            .map(n -> new TypeDefKind.Case(n, null))
                            .toList());
                case DefValType.EnumType(List<String> names) ->
                    new TypeDefKind.Enum(names.stream()
                            .map(n -> new TypeDefKind.Case(n, null))
                            .toList());
                case DefValType.OptionType(ValType t) -> new TypeDefKind.Option(valType(t, s));
                case DefValType.ResultType r ->
                    new TypeDefKind.Result(
                            r.ok().isPresent() ? valType(r.ok().get(), s) : null,
                            r.err().isPresent() ? valType(r.err().get(), s) : null);
                case DefValType.Own(int idx) -> new TypeDefKind.Handle(false, resource(s, idx));
                case DefValType.Borrow(int idx) -> new TypeDefKind.Handle(true, resource(s, idx));
                case DefValType.FutureType(var payload) ->
                    new TypeDefKind.Future(payload.isPresent() ? valType(payload.get(), s) : null);
                case DefValType.StreamType(var payload) ->
                    new TypeDefKind.Stream(payload.isPresent() ? valType(payload.get(), s) : null);
                case DefValType.MapType(ValType k, ValType v) -> new TypeDefKind.MapOf(valType(k, s), valType(v, s));
            };
        } finally {
            definedDepth--;
        }
    }

    private TypeId resource(TypeGraph.Scope s, int idx) {
        TypeId id = findAlias(s.type(idx));
        if (id == null) {
            throw new WitDecodeException("handle refers to resource type " + idx + " that has no name");
        }
        return id;
    }

    private WitFunction function(String name, FuncT f, TypeOwner owner) {
        DefType.Func def = f.def();
        List<WitFunction.Param> params = new ArrayList<>();
        for (DefType.Param p : def.params()) {
            params.add(new WitFunction.Param(p.name(), valType(p.type(), f.scope())));
        }
        WitType result = def.result().isPresent() ? valType(def.result().get(), f.scope()) : null;
        ExternName.Kind kind = ExternName.Kind.parse(name);
        WitFunction.Kind k;
        TypeId resource = null;
        switch (kind) {
            case ExternName.Kind.Plain p -> k = WitFunction.Kind.FREESTANDING;
            case ExternName.Kind.Constructor(String r) -> {
                k = WitFunction.Kind.CONSTRUCTOR;
                resource = resourceNamed(owner, r, name);
            }
            case ExternName.Kind.Method(String r, String n) -> {
                k = WitFunction.Kind.METHOD;
                resource = resourceNamed(owner, r, name);
            }
            case ExternName.Kind.Static(String r, String n) -> {
                k = WitFunction.Kind.STATIC;
                resource = resourceNamed(owner, r, name);
            }
            default -> throw new WitDecodeException("`" + name + "` is not a valid function name");
        }
        return new WitFunction(name, k, def.async(), resource, params, result, null, Stability.UNKNOWN);
    }

    private TypeId resourceNamed(TypeOwner owner, String resource, String func) {
        TypeId id = resources.getOrDefault(owner, Map.of()).get(resource);
        if (id == null) {
            throw new WitDecodeException(
                    "function `" + func + "` refers to resource `" + resource + "` not defined here");
        }
        return id;
    }

    // ---- packages ----

    /** Adds the foreign packages in dependency order, then the main package; fills in every interface and world. */
    private PackageId finish(WitPackageName mainName, PackageFields fields) {
        List<String> keys = new ArrayList<>(foreign.keySet());
        Set<String> order = new LinkedHashSet<>();
        for (String key : keys) {
            visit(key, order, new HashSet<>());
        }
        for (String key : order) {
            ForeignPackage fp = foreign.get(key);
            PackageId pid = b.addPackage(new WitPackage(fp.name, null, fp.interfaces, Map.of()));
            for (InterfaceId iid : fp.interfaces.values()) {
                drafts.get(iid).pkg = pid;
            }
        }
        PackageId main = b.addPackage(new WitPackage(mainName, null, fields.interfaces, fields.worlds));
        for (InterfaceId iid : fields.interfaces.values()) {
            drafts.get(iid).pkg = main;
        }
        for (Map.Entry<InterfaceId, Draft> e : drafts.entrySet()) {
            Draft d = e.getValue();
            // anonymous interfaces belong to the package of the world that names them
            PackageId pkg = d.pkg != null ? d.pkg : main;
            b.setInterface(e.getKey(), new WitInterface(d.name, pkg, d.types, d.functions, null, Stability.UNKNOWN));
        }
        for (WorldId wid : worldIds) {
            WitWorld w = worldDrafts.get(wid);
            b.setWorld(wid, new WitWorld(w.name(), main, w.imports(), w.exports(), null, Stability.UNKNOWN));
        }
        return main;
    }

    private void visit(String key, Set<String> order, Set<String> visiting) {
        if (order.contains(key) || !visiting.add(key)) {
            return;
        }
        for (InterfaceId iid : foreign.get(key).interfaces.values()) {
            for (InterfaceId dep : directDeps(iid)) {
                String depKey = ifaceToForeign.get(dep);
                if (depKey != null && !depKey.equals(key)) {
                    visit(depKey, order, visiting);
                }
            }
        }
        order.add(key);
    }

    private List<InterfaceId> directDeps(InterfaceId iid) {
        List<InterfaceId> deps = new ArrayList<>();
        for (TypeId t : drafts.get(iid).types.values()) {
            if (b.type(t).kind() instanceof TypeDefKind.Alias(TypeId target)
                    && b.type(target).owner() instanceof TypeOwner.OfInterface(InterfaceId other)
                    && !other.equals(iid)
                    && !deps.contains(other)) {
                deps.add(other);
            }
        }
        return deps;
    }
}
