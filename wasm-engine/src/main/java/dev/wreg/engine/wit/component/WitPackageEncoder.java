package dev.wreg.engine.wit.component;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.NameAttribute;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.TypeDef;
import dev.wreg.engine.wit.TypeDefKind;
import dev.wreg.engine.wit.TypeId;
import dev.wreg.engine.wit.TypeOwner;
import dev.wreg.engine.wit.WitFunction;
import dev.wreg.engine.wit.WitInterface;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitType;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldId;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Encodes a WIT package as a component, the way {@code wasm-tools component wit --wasm} lays it
 * out: every interface becomes an exported component type that imports the interfaces it depends
 * on and exports itself as an instance type; every world becomes an exported component type
 * wrapping the world's component type. {@link ComponentWit#decode} reads it back.
 */
public final class WitPackageEncoder {
    private final WitResolve resolve;
    private final PackageId pkg;

    private WitPackageEncoder(WitResolve resolve, PackageId pkg) {
        this.resolve = resolve;
        this.pkg = pkg;
    }

    /** The component binary of package {@code pkg}. */
    public static byte[] encode(WitResolve resolve, PackageId pkg) {
        return ComponentEncoder.encode(encodeComponent(resolve, pkg));
    }

    /** The component model of package {@code pkg}. */
    public static Component encodeComponent(WitResolve resolve, PackageId pkg) {
        return new WitPackageEncoder(resolve, pkg).run();
    }

    private Component run() {
        List<Section> sections = new ArrayList<>();
        int typeIndex = 0;
        WitPackage p = resolve.pkg(pkg);
        for (Map.Entry<String, InterfaceId> e : p.interfaces().entrySet()) {
            DefType.ComponentType ct = encodeInterface(e.getValue());
            sections.add(new Section.Types(List.of(ct)));
            sections.add(new Section.Exports(List.of(
                    new Export(ExternName.of(e.getKey()), new SortIndex(Sort.TYPE, typeIndex), Optional.empty()))));
            typeIndex += 2; // the type and its export both take an index
        }
        for (Map.Entry<String, WorldId> e : p.worlds().entrySet()) {
            DefType.ComponentType world = encodeWorld(e.getValue());
            DefType.ComponentType wrapper = new DefType.ComponentType(List.of(
                    new TypeDecl.TypeDef(world),
                    new TypeDecl.ExportDecl(
                            ExternName.of(p.name().interfaceId(e.getKey())), new ExternType.Component(0))));
            sections.add(new Section.Types(List.of(wrapper)));
            sections.add(new Section.Exports(List.of(
                    new Export(ExternName.of(e.getKey()), new SortIndex(Sort.TYPE, typeIndex), Optional.empty()))));
            typeIndex += 2;
        }
        sections.add(new Section.Custom(PackageDocs.SECTION_NAME, Bytes.of(PackageDocs.encode(resolve, pkg))));
        return Component.of(sections);
    }

    private DefType.ComponentType encodeInterface(InterfaceId id) {
        Set<InterfaceId> live = new LinkedHashSet<>();
        addLive(live, id);
        TypeScopes enc = new TypeScopes();
        for (InterfaceId iface : live) {
            enc.interfaceId = iface;
            String name = resolve.interfaceId(iface);
            if (iface.equals(id)) {
                int idx = enc.encodeInstance(iface);
                enc.outer.add(new TypeDecl.ExportDecl(ExternName.of(name), new ExternType.Instance(idx)));
            } else {
                enc.pushInstance();
                for (TypeId t : resolve.iface(iface).types().values()) {
                    enc.valType(t);
                }
                int idx = enc.popInstance(iface);
                enc.outer.add(new TypeDecl.ImportDecl(ExternName.of(name), new ExternType.Instance(idx)));
            }
        }
        return new DefType.ComponentType(enc.outer.decls);
    }

    private void addLive(Set<InterfaceId> live, InterfaceId id) {
        if (live.contains(id)) {
            return;
        }
        for (InterfaceId dep : directDeps(id)) {
            addLive(live, dep);
        }
        live.add(id);
    }

    private List<InterfaceId> directDeps(InterfaceId id) {
        List<InterfaceId> deps = new ArrayList<>();
        for (TypeId t : resolve.iface(id).types().values()) {
            if (resolve.type(t).kind() instanceof TypeDefKind.Alias(TypeId target)
                    && resolve.type(target).owner() instanceof TypeOwner.OfInterface(InterfaceId other)
                    && !other.equals(id)
                    && !deps.contains(other)) {
                deps.add(other);
            }
        }
        return deps;
    }

    private DefType.ComponentType encodeWorld(WorldId id) {
        WitWorld world = resolve.world(id);
        TypeScopes enc = new TypeScopes();
        for (Map.Entry<WorldKey, WorldItem> e : world.imports().entrySet()) {
            String name = keyName(e.getKey());
            switch (e.getValue()) {
                case WorldItem.InterfaceItem ii -> {
                    enc.interfaceId = ii.id();
                    int idx = enc.encodeInstance(ii.id());
                    enc.outer.add(new TypeDecl.ImportDecl(instanceName(e.getKey(), ii), new ExternType.Instance(idx)));
                }
                case WorldItem.FunctionItem(WitFunction f) -> {
                    enc.interfaceId = null;
                    int idx = enc.funcType(f);
                    enc.outer.add(new TypeDecl.ImportDecl(ExternName.of(name), new ExternType.Func(idx)));
                }
                case WorldItem.TypeItem(TypeId t) -> {
                    enc.interfaceId = null;
                    enc.importTypes = true;
                    enc.valType(t);
                    enc.importTypes = false;
                }
            }
        }
        for (Map.Entry<WorldKey, WorldItem> e : world.exports().entrySet()) {
            String name = keyName(e.getKey());
            switch (e.getValue()) {
                case WorldItem.InterfaceItem ii -> {
                    enc.interfaceId = ii.id();
                    int idx = enc.encodeInstance(ii.id());
                    enc.outer.add(new TypeDecl.ExportDecl(instanceName(e.getKey(), ii), new ExternType.Instance(idx)));
                }
                case WorldItem.FunctionItem(WitFunction f) -> {
                    enc.interfaceId = null;
                    int idx = enc.funcType(f);
                    enc.outer.add(new TypeDecl.ExportDecl(ExternName.of(name), new ExternType.Func(idx)));
                }
                case WorldItem.TypeItem t -> throw new WitDecodeException("worlds cannot export types");
            }
        }
        return new DefType.ComponentType(enc.outer.decls);
    }

    /** {@code label} for a plain name; {@code label (implements "ns:pkg/i")} for a named instance of an interface. */
    private ExternName instanceName(WorldKey key, WorldItem.InterfaceItem item) {
        if (key instanceof WorldKey.Name(String n) && resolve.iface(item.id()).name() != null) {
            return new ExternName(2, n, List.of(new NameAttribute.Implements(resolve.interfaceId(item.id()))));
        }
        return ExternName.of(keyName(key));
    }

    private String keyName(WorldKey key) {
        return switch (key) {
            case WorldKey.Name(String n) -> n;
            case WorldKey.Interface(InterfaceId iid) -> resolve.interfaceId(iid);
        };
    }

    /** The declarators of a component or instance type being written, with its index counters. */
    private static final class Decls {
        final List<TypeDecl> decls = new ArrayList<>();
        int types;
        int instances;

        void add(TypeDecl d) {
            decls.add(d);
            switch (d) {
                case TypeDecl.TypeDef t -> types++;
                case TypeDecl.AliasDecl(Alias a) -> {
                    if (a.sort() == Sort.TYPE) {
                        types++;
                    } else if (a.sort() == Sort.INSTANCE) {
                        instances++;
                    }
                }
                case TypeDecl.ImportDecl(var n, ExternType t) -> count(t);
                case TypeDecl.ExportDecl(var n, ExternType t) -> count(t);
                case TypeDecl.CoreTypeDecl c -> {}
            }
        }

        private void count(ExternType t) {
            if (t instanceof ExternType.Type) {
                types++;
            } else if (t instanceof ExternType.Instance) {
                instances++;
            }
        }
    }

    private record FuncKey(boolean async, List<WitFunction.Param> params, WitType result) {}

    /** Type-to-index maps of one index space (reset for every instance type). */
    private static final class Maps {
        final Map<TypeId, Integer> idToIndex = new HashMap<>();
        final Map<TypeDefKind, Integer> defToIndex = new HashMap<>();
        final Map<FuncKey, Integer> funcTypes = new HashMap<>();
    }

    /** Mirrors how wasm-tools assigns type indices, so that equal WIT gives equal binaries. */
    private final class TypeScopes {
        final Decls outer = new Decls();
        Decls instance;
        Maps maps = new Maps();
        Maps savedMaps;
        final Map<InterfaceId, Integer> importMap = new HashMap<>();
        final Map<TypeId, Integer> outerTypeMap = new HashMap<>();
        InterfaceId interfaceId;
        boolean importTypes;

        Decls current() {
            return instance != null ? instance : outer;
        }

        void pushInstance() {
            savedMaps = maps;
            maps = new Maps();
            instance = new Decls();
        }

        int popInstance(InterfaceId iface) {
            Decls inst = instance;
            instance = null;
            maps = savedMaps;
            savedMaps = null;
            int idx = outer.types;
            outer.add(new TypeDecl.TypeDef(new DefType.InstanceType(inst.decls)));
            importMap.put(iface, outer.instances);
            return idx;
        }

        int encodeInstance(InterfaceId iface) {
            pushInstance();
            WitInterface i = resolve.iface(iface);
            List<TypeId> order = new ArrayList<>();
            for (TypeId t : i.types().values()) {
                valType(t);
                order.add(t);
            }
            List<Map.Entry<String, WitFunction>> funcs =
                    new ArrayList<>(i.functions().entrySet());
            // resource functions first, in the order of their resources; stable otherwise
            funcs.sort(Comparator.comparingInt(e -> e.getValue().resource() == null
                    ? order.size()
                    : Math.max(0, order.indexOf(e.getValue().resource()))));
            for (Map.Entry<String, WitFunction> f : funcs) {
                int ty = funcType(f.getValue());
                instance.add(new TypeDecl.ExportDecl(ExternName.of(f.getKey()), new ExternType.Func(ty)));
            }
            int idx = popInstance(iface);
            // the instance itself is imported/exported by the caller, which adds it to the instance space
            importMap.put(iface, outer.instances);
            return idx;
        }

        int funcType(WitFunction f) {
            FuncKey key = new FuncKey(f.async(), f.params(), f.result());
            Integer known = maps.funcTypes.get(key);
            if (known != null) {
                return known;
            }
            List<DefType.Param> params = new ArrayList<>();
            for (WitFunction.Param p : f.params()) {
                params.add(new DefType.Param(p.name(), valType(p.type())));
            }
            Optional<ValType> result = f.result() == null ? Optional.empty() : Optional.of(valType(f.result()));
            int idx = current().types;
            current().add(new TypeDecl.TypeDef(new DefType.Func(f.async(), params, result)));
            maps.funcTypes.put(key, idx);
            return idx;
        }

        private int define(DefValType def) {
            int idx = current().types;
            current().add(new TypeDecl.TypeDef(def));
            return idx;
        }

        private Integer lookup(TypeId id) {
            Integer idx = maps.idToIndex.get(id);
            if (idx != null) {
                return idx;
            }
            TypeDef def = resolve.type(id);
            return def.name() == null ? maps.defToIndex.get(def.kind()) : null;
        }

        private void insert(TypeId id, int idx) {
            maps.idToIndex.put(id, idx);
            if (resolve.type(id).name() == null) {
                maps.defToIndex.put(resolve.type(id).kind(), idx);
            }
        }

        ValType valType(WitType t) {
            return switch (t) {
                case WitType.Primitive p -> PrimitiveType.valueOf(p.name());
                case TypeId id -> typeId(id);
            };
        }

        private ValType typeId(TypeId id) {
            Integer known = lookup(id);
            if (known != null) {
                return ValType.ref(known);
            }
            TypeDef def = resolve.type(id);
            if (def.owner() instanceof TypeOwner.OfInterface(InterfaceId owner) && !owner.equals(interfaceId)) {
                int idx = importType(owner, id);
                insert(id, idx);
                return ValType.ref(idx);
            }
            ValType encoded = switch (def.kind()) {
                case TypeDefKind.Record(List<TypeDefKind.Field> fields) -> {
                    List<DefValType.Field> out = new ArrayList<>();
                    for (TypeDefKind.Field f : fields) {
                        out.add(new DefValType.Field(f.name(), valType(f.type())));
                    }
                    yield ValType.ref(define(new DefValType.RecordType(out)));
                }
                case TypeDefKind.Tuple(List<WitType> types) -> {
                    List<ValType> out = new ArrayList<>();
                    for (WitType w : types) {
                        out.add(valType(w));
                    }
                    yield ValType.ref(define(new DefValType.TupleType(out)));
                }
                case TypeDefKind.Flags(List<TypeDefKind.Case> flags) ->
                    ValType.ref(define(new DefValType.FlagsType(
                            flags.stream().map(TypeDefKind.Case::name).toList())));
                case TypeDefKind.Variant(List<TypeDefKind.VariantCase> cases) -> {
                    List<DefValType.Case> out = new ArrayList<>();
                    for (TypeDefKind.VariantCase c : cases) {
                        out.add(new DefValType.Case(
                                c.name(), c.type() == null ? Optional.empty() : Optional.of(valType(c.type()))));
                    }
                    yield ValType.ref(define(new DefValType.VariantType(out)));
                }
                case TypeDefKind.Option(WitType inner) -> {
                    ValType v = valType(inner);
                    yield ValType.ref(define(new DefValType.OptionType(v)));
                }
                case TypeDefKind.Result(WitType ok, WitType err) -> {
                    Optional<ValType> o = ok == null ? Optional.empty() : Optional.of(valType(ok));
                    Optional<ValType> e = err == null ? Optional.empty() : Optional.of(valType(err));
                    yield ValType.ref(define(new DefValType.ResultType(o, e)));
                }
                case TypeDefKind.Enum(List<TypeDefKind.Case> cases) ->
                    ValType.ref(define(new DefValType.EnumType(
                            cases.stream().map(TypeDefKind.Case::name).toList())));
                case TypeDefKind.ListOf(WitType e) -> {
                    ValType v = valType(e);
                    yield ValType.ref(define(new DefValType.ListType(v)));
                }
                case TypeDefKind.MapOf(WitType k, WitType v) -> {
                    ValType kk = valType(k);
                    ValType vv = valType(v);
                    yield ValType.ref(define(new DefValType.MapType(kk, vv)));
                }
                case TypeDefKind.FixedList(WitType e, long n) -> {
                    ValType v = valType(e);
                    yield ValType.ref(define(new DefValType.FixedListType(v, (int) n)));
                }
                case TypeDefKind.Alias(WitType target) -> valType(target);
                case TypeDefKind.Future(WitType payload) -> {
                    Optional<ValType> v = payload == null ? Optional.empty() : Optional.of(valType(payload));
                    yield ValType.ref(define(new DefValType.FutureType(v)));
                }
                case TypeDefKind.Stream(WitType payload) -> {
                    Optional<ValType> v = payload == null ? Optional.empty() : Optional.of(valType(payload));
                    yield ValType.ref(define(new DefValType.StreamType(v)));
                }
                case TypeDefKind.Resource r -> {
                    int idx = current().types;
                    addTypeExtern(def.name(), new ExternType.TypeBound.SubResource());
                    maps.idToIndex.put(id, idx);
                    yield null;
                }
                case TypeDefKind.Handle(boolean borrow, TypeId res) -> {
                    ValType r = valType(res);
                    int ri = ((ValType.Ref) r).index();
                    yield ValType.ref(define(borrow ? new DefValType.Borrow(ri) : new DefValType.Own(ri)));
                }
            };
            if (encoded == null) {
                return ValType.ref(maps.idToIndex.get(id));
            }
            if (def.name() != null) {
                int idx = switch (encoded) {
                    case ValType.Ref(int i) -> i;
                    case PrimitiveType p -> define(p);
                };
                int exported = current().types;
                addTypeExtern(def.name(), new ExternType.TypeBound.Eq(idx));
                encoded = ValType.ref(exported);
            }
            if (encoded instanceof ValType.Ref(int i)) {
                insert(id, i);
            }
            return encoded;
        }

        private void addTypeExtern(String name, ExternType.TypeBound bound) {
            ExternType t = new ExternType.Type(bound);
            if (instance == null && importTypes) {
                outer.add(new TypeDecl.ImportDecl(ExternName.of(name), t));
            } else {
                current().add(new TypeDecl.ExportDecl(ExternName.of(name), t));
            }
        }

        /** A type of another interface: aliased from that interface's instance, then into the current instance type. */
        private int importType(InterfaceId owner, TypeId id) {
            Integer instanceIdx = importMap.get(owner);
            if (instanceIdx == null) {
                throw new WitDecodeException(
                        "interface `" + resolve.interfaceId(owner) + "` is used before it is imported");
            }
            Integer outerIdx = outerTypeMap.get(id);
            if (outerIdx == null) {
                outerIdx = outer.types;
                outer.add(new TypeDecl.AliasDecl(new Alias.InstanceExport(
                        Sort.TYPE, instanceIdx, resolve.type(id).name())));
                outerTypeMap.put(id, outerIdx);
            }
            if (instance != null) {
                int ret = instance.types;
                instance.add(new TypeDecl.AliasDecl(new Alias.Outer(Sort.TYPE, 1, outerIdx)));
                return ret;
            }
            return outerIdx;
        }
    }
}
