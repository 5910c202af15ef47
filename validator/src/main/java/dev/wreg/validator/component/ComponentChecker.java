package dev.wreg.validator.component;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.CoreType;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Instance;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.validator.component.ComponentTypes.ComponentEntity;
import dev.wreg.validator.component.ComponentTypes.ComponentType;
import dev.wreg.validator.component.ComponentTypes.ComponentTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.Entity;
import dev.wreg.validator.component.ComponentTypes.FuncEntity;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.FuncTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.InstanceEntity;
import dev.wreg.validator.component.ComponentTypes.InstanceType;
import dev.wreg.validator.component.ComponentTypes.InstanceTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.ModuleEntity;
import dev.wreg.validator.component.ComponentTypes.ResourceDefinition;
import dev.wreg.validator.component.ComponentTypes.TypeDefinition;
import dev.wreg.validator.component.ComponentTypes.TypeEntity;
import dev.wreg.validator.component.ComponentTypes.ValueEntity;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.ValueTypeDefinition;
import dev.wreg.validator.core.CoreValidator;
import dev.wreg.validator.core.Feature;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
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
 * type. This class walks the sections and owns instantiation, aliases, imports and exports; the
 * rules of each other area have a class of their own: {@link DefinedTypes}, {@link
 * CoreDefinitions}, {@link CanonicalFunctions} (with {@link CanonicalOptions}, {@link
 * CanonicalFlattening}, {@link GcLowering}), {@link ExternNameRules}, {@link ExternalVisibility},
 * {@link Subtyping} and {@link ResourceSubstitution}.
 */
final class ComponentChecker {

    private final FeatureGate features;
    private final CoreValidator coreValidator;
    private final TypeIdentities ids = new TypeIdentities();
    private final CoreTypeIds typeIds = new CoreTypeIds();
    private final CoreDefinitions core;
    private final DefinedTypes types;
    private final CanonicalFunctions canon;
    private final ExternNameRules names;
    private final ResourceSubstitution substitution;

    ComponentChecker(Features features) {
        this(features, null, null);
    }

    /**
     * A checker of the component decoded from {@code componentBytes}, whose parts start at {@code
     * offsets} (both null when the component was not decoded from bytes here).
     */
    ComponentChecker(Features features, byte[] componentBytes, Map<Object, Integer> offsets) {
        this.features = new FeatureGate(features);
        this.coreValidator = CoreValidator.of(features);
        this.componentBytes = componentBytes;
        this.offsets = offsets;
        this.core = new CoreDefinitions(this.features, typeIds);
        this.types = new DefinedTypes(this.features, ids);
        this.canon = new CanonicalFunctions(this.features, ids, types);
        this.names = new ExternNameRules(this.features);
        this.substitution = new ResourceSubstitution(ids);
    }

    /** The bytes the component was decoded from, when known. */
    private final byte[] componentBytes;
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

    /** An exported resource gets a fresh alias identity; anything else is itself. */
    private Entity exportedResource(Entity e) {
        if (e instanceof TypeEntity t && t.def() instanceof ResourceDefinition r) {
            return new TypeEntity(new ResourceDefinition(ids.aliasResource(r.resource())));
        }
        return e;
    }

    // ---------------------------------------------------------------- components

    ComponentType checkComponent(Component component, Scope parent) {
        return checkComponent(component, parent, -1);
    }

    /**
     * Checks a component whose bytes end at {@code end} (-1 when unknown), where wasm-tools reports
     * what it checks once the component is complete.
     */
    ComponentType checkComponent(Component component, Scope parent, long end) {
        Scope s = new Scope(parent, Scope.Kind.COMPONENT);
        List<Section> sections = component.sections();
        for (int index = 0; index < sections.size(); index++) {
            Section section = sections.get(index);
            at(section);
            switch (section) {
                case Section.Custom c -> {}
                case Section.CoreModuleSection m -> s.modules.add(coreModule(m.module()));
                case Section.CoreInstances ci -> ci.instances().forEach(i -> core.coreInstance(s, at(i)));
                case Section.CoreTypes ct -> ct.types().forEach(t -> core.coreType(s, at(t)));
                case Section.NestedComponent n -> {
                    ComponentType nested = checkComponent(n.component(), s, sectionEnd(sections, index, end));
                    at(section);
                    s.components.add(nested);
                }
                case Section.Instances is -> is.instances().forEach(i -> instance(s, at(i)));
                case Section.Aliases as -> as.aliases().forEach(a -> alias(s, at(a)));
                case Section.Types ts -> ts.types().forEach(t -> s.types.add(defType(s, at(t))));
                case Section.Canons cs -> cs.canons().forEach(c -> canon.check(s, at(c)));
                case Section.Start st -> start(s, st);
                case Section.Imports is -> is.imports().forEach(i -> importItem(s, at(i).name(), i.type()));
                case Section.Exports es -> es.exports().forEach(e -> exportItem(s, at(e)));
                case Section.Values vs -> {
                    features.require(Feature.CM_VALUES, "support for component model `value`s is not enabled");
                    for (Section.Value v : vs.values()) {
                        addValue(s, types.valType(s, at(v).type()));
                    }
                }
            }
        }
        // Values are linear: each one a component defines or imports must be consumed.
        int unused = s.valueUsed.indexOf(false);
        if (unused >= 0) {
            throw new ComponentInvalid(
                    "value index " + unused + " was not used as part of an instantiation, start function, or export",
                    end);
        }
        Set<Integer> defined = new LinkedHashSet<>();
        for (Entity e : s.exports.values()) {
            ResourceUses.collectResources(e, defined, new IdentityHashMap<>());
        }
        // Aliases of one resource are one resource to whoever instantiates this component.
        Set<Integer> definedBases = new LinkedHashSet<>();
        for (int r : defined) {
            int base = ids.baseResource(r);
            if (!s.importedResources.contains(base)) {
                definedBases.add(base);
            }
        }
        defined = definedBases;
        long size = 1;
        for (Entity e : s.imports.values()) {
            size = ComponentTypes.addSize(size, e.size());
        }
        for (Entity e : s.exports.values()) {
            size = ComponentTypes.addSize(size, e.size());
        }
        return new ComponentType(s.imports, s.exports, s.importedResources, defined, size);
    }

    /**
     * Validates an embedded core module and reads its type. The module is validated where it lies
     * in the component's bytes when those are known, rather than copied out of the model.
     */
    private CoreTypes.ModuleType coreModule(CoreModule module) {
        int moduleStart = offsets == null ? -1 : offsets.getOrDefault(module, -1);
        byte[] bytes;
        int offset;
        int length = module.bytes().size();
        if (componentBytes != null && moduleStart >= 0) {
            bytes = componentBytes;
            offset = moduleStart;
        } else {
            bytes = module.bytes().toArray();
            offset = 0;
        }
        ValidationResult r = coreValidator.validate(bytes, offset, length);
        if (r instanceof ValidationResult.Invalid bad) {
            throw new ComponentInvalid(
                    bad.message(),
                    moduleStart >= 0 && bad.offset().isPresent()
                            ? moduleStart + bad.offset().getAsLong()
                            : -1);
        }
        CoreTypes.ModuleType mt = CoreModuleTypes.read(bytes, offset, length, typeIds);
        Set<String> seenImports = new HashSet<>();
        for (CoreTypes.Import imp : mt.imports()) {
            if (!seenImports.add(imp.module() + "\0" + imp.name())) {
                throw new ComponentInvalid("duplicate import name `" + imp.module() + ":" + imp.name() + "`");
            }
        }
        return mt;
    }

    /** Where section {@code i} ends: where the next one starts, or else where the component ends. */
    private long sectionEnd(List<Section> sections, int i, long end) {
        if (offsets != null && i + 1 < sections.size()) {
            Integer next = offsets.get(sections.get(i + 1));
            if (next != null) {
                return next;
            }
        }
        return end;
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

    // ---------------------------------------------------------------- component instances

    private void instance(Scope s, Instance in) {
        switch (in) {
            case Instance.Instantiate i -> s.instances.add(instantiate(s, i));
            case Instance.FromExports fe -> {
                Map<String, Entity> exports = new LinkedHashMap<>();
                Map<String, String> keys = new HashMap<>();
                Scope.ResourceNames instanceNames = new Scope.ResourceNames();
                long size = 1;
                for (Instance.InlineExport e : fe.exports()) {
                    Entity item = exportedResource(item(s, e.item()));
                    names.check(s, e.name(), item, true, keys, exports, "instance export", instanceNames);
                    exports.put(e.name().name(), item);
                    size = ComponentTypes.addSize(size, item.size());
                }
                s.instances.add(new InstanceType(exports, Set.of(), size));
            }
        }
    }

    private InstanceType instantiate(Scope s, Instance.Instantiate in) {
        ComponentType ct = Scope.at(s.components, in.componentIndex(), "component");
        Map<String, Entity> args = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        for (Instance.Arg a : in.args()) {
            Entity e = item(s, a.item());
            String key;
            try {
                key = ExternNames.parse(a.name(), features.has(Feature.CM_NESTED_NAMES))
                        .key();
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
            Entity expected = substitution.apply(imp.getValue(), rmap);
            String why = subtype(given, expected);
            if (why != null) {
                throw new ComponentInvalid("type mismatch for import `" + imp.getKey() + "`\n" + why);
            }
        }
        for (int r : ct.defined()) {
            int f = ids.freshResourceLike(r);
            rmap.put(r, f);
        }
        Map<String, Entity> exports = new LinkedHashMap<>();
        long size = 1;
        for (Map.Entry<String, Entity> e : ct.exports().entrySet()) {
            Entity x = substitution.apply(e.getValue(), rmap);
            exports.put(e.getKey(), x);
            size = ComponentTypes.addSize(size, x.size());
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
            when t.def() instanceof ValueTypeDefinition v && ExternalVisibility.nominalId(v.type()) != null -> {
                // A type import stands for the argument's type from here on (ids share one counter).
                if (given instanceof TypeEntity g
                        && g.def() instanceof ValueTypeDefinition gv
                        && ExternalVisibility.nominalId(gv.type()) != null) {
                    rmap.putIfAbsent(ExternalVisibility.nominalId(v.type()), ExternalVisibility.nominalId(gv.type()));
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
                InstanceType inst = Scope.at(s.instances, ie.instanceIndex(), "instance");
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
                Map<String, CoreTypes.Extern> inst = Scope.at(s.coreInstances, ce.instanceIndex(), "core instance");
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
                    when c.sort() == CoreSort.MODULE -> s.modules.add(Scope.at(target.modules, o.index(), "module"));
                    case Sort.Core c
                    when c.sort() == CoreSort.TYPE -> {
                        CoreType.SubType raw = target.rawCoreTypes.get(o.index());
                        if (raw != null) {
                            s.rawCoreTypes.put(s.coreTypes.size(), raw);
                        }
                        s.coreTypes.add(Scope.at(target.coreTypes, o.index(), "type"));
                    }
                    case Sort.Kind k
                    when k == Sort.Kind.TYPE -> {
                        TypeDefinition t = Scope.at(target.types, o.index(), "type");
                        Scope below = s;
                        for (int i = 1; i < o.count(); i++) {
                            below = below.parent;
                        }
                        if (o.count() > 0
                                && below.kind == Scope.Kind.COMPONENT
                                && !ResourceUses.freeResources(t).isEmpty()) {
                            throw new ComponentInvalid(
                                    "cannot alias outer type which transitively refers to resources not defined in the current component");
                        }
                        s.types.add(t);
                    }
                    case Sort.Kind k
                    when k == Sort.Kind.COMPONENT ->
                        s.components.add(Scope.at(target.components, o.index(), "component"));
                    default ->
                        throw new ComponentInvalid("outer aliases of " + sortName(o.sort())
                                + " are not supported; only types, modules and components");
                }
            }
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
                    case FUNC -> new FuncEntity(Scope.at(s.funcs, si.index(), "func"));
                    case VALUE -> new ValueEntity(useValue(s, si.index()));
                    case TYPE -> new TypeEntity(Scope.at(s.types, si.index(), "type"));
                    case COMPONENT -> new ComponentEntity(Scope.at(s.components, si.index(), "component"));
                    case INSTANCE -> new InstanceEntity(Scope.at(s.instances, si.index(), "instance"));
                };
            case Sort.Core c -> {
                if (c.sort() != CoreSort.MODULE) {
                    throw new ComponentInvalid("only core modules may be used here, not core "
                            + c.sort().name().toLowerCase(java.util.Locale.ROOT));
                }
                yield new ModuleEntity(Scope.at(s.modules, si.index(), "module"));
            }
        };
    }

    // ---------------------------------------------------------------- types

    private TypeDefinition defType(Scope s, DefType t) {
        return switch (t) {
            case DefValType v -> new ValueTypeDefinition(types.defValType(s, v));
            case DefType.Func f -> new FuncTypeDefinition(types.funcType(s, f));
            case DefType.ComponentType ct -> new ComponentTypeDefinition(componentType(s, ct));
            case DefType.InstanceType it -> new InstanceTypeDefinition(instanceType(s, it));
            case DefType.Resource r -> types.resource(s, r);
        };
    }

    private InstanceType instanceType(Scope parent, DefType.InstanceType it) {
        Scope s = new Scope(parent, Scope.Kind.INSTANCE_TYPE);
        declarators(s, it.decls());
        long size = 1;
        for (Entity e : s.exports.values()) {
            size = ComponentTypes.addSize(size, e.size());
        }
        return new InstanceType(s.exports, s.definedResources, size);
    }

    private ComponentType componentType(Scope parent, DefType.ComponentType ct) {
        Scope s = new Scope(parent, Scope.Kind.COMPONENT_TYPE);
        declarators(s, ct.decls());
        long size = 1;
        for (Entity e : s.imports.values()) {
            size = ComponentTypes.addSize(size, e.size());
        }
        for (Entity e : s.exports.values()) {
            size = ComponentTypes.addSize(size, e.size());
        }
        return new ComponentType(s.imports, s.exports, s.importedResources, s.definedResources, size);
    }

    private void declarators(Scope s, List<TypeDecl> decls) {
        for (TypeDecl d : decls) {
            switch (d) {
                case TypeDecl.CoreTypeDecl c -> core.coreType(s, c.type());
                case TypeDecl.TypeDef td -> s.types.add(defType(s, td.type()));
                case TypeDecl.AliasDecl ad -> {
                    // A type can only declare types and instances, so that is all it may alias.
                    boolean typeOrInstance = switch (ad.alias()) {
                        case Alias.Outer o ->
                            o.sort() == Sort.Kind.TYPE
                                    || (o.sort() instanceof Sort.Core c && c.sort() == CoreSort.TYPE);
                        case Alias.InstanceExport ie -> ie.sort() == Sort.Kind.TYPE || ie.sort() == Sort.Kind.INSTANCE;
                        case Alias.CoreInstanceExport ce -> false;
                    };
                    if (!typeOrInstance) {
                        throw new ComponentInvalid(
                                "aliases in a component or instance type may only refer to types or instances");
                    }
                    alias(s, ad.alias());
                }
                case TypeDecl.ImportDecl id -> {
                    if (s.kind == Scope.Kind.INSTANCE_TYPE) {
                        throw new ComponentInvalid("instance types cannot contain imports");
                    }
                    importItem(s, id.name(), id.type());
                }
                case TypeDecl.ExportDecl ed -> {
                    Entity e = ExternalVisibility.created(externType(s, ed.type(), false), ids);
                    names.check(s, ed.name(), e, true, s.exportKeys, s.exports, "export");
                    ExternalVisibility.register(s, e, false);
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
                Object ct = Scope.at(s.coreTypes, m.typeIndex(), "type");
                if (ct instanceof CoreTypes.ModuleType mt) {
                    yield new ModuleEntity(mt);
                }
                throw new ComponentInvalid("core type index " + m.typeIndex() + " is not a module type");
            }
            case ExternType.Func f -> {
                TypeDefinition d = Scope.at(s.types, f.typeIndex(), "type");
                if (d instanceof FuncTypeDefinition fd) {
                    yield new FuncEntity(fd.func());
                }
                throw new ComponentInvalid("type index " + f.typeIndex() + " is not a function type");
            }
            case ExternType.Value v -> {
                features.require(Feature.CM_VALUES, "support for component model `value`s is not enabled");
                yield new ValueEntity(types.valType(s, v.type()));
            }
            case ExternType.Type ty ->
                switch (ty.bound()) {
                    case ExternType.TypeBound.Eq eq -> new TypeEntity(Scope.at(s.types, eq.typeIndex(), "type"));
                    case ExternType.TypeBound.SubResource sr -> {
                        int id = ids.freshResource("i32");
                        (isImport ? s.importedResources : s.definedResources).add(id);
                        yield new TypeEntity(new ResourceDefinition(id));
                    }
                };
            case ExternType.Component c -> {
                TypeDefinition d = Scope.at(s.types, c.typeIndex(), "type");
                if (d instanceof ComponentTypeDefinition cd) {
                    yield new ComponentEntity(cd.component());
                }
                throw new ComponentInvalid("type index " + c.typeIndex() + " is not a component type");
            }
            case ExternType.Instance i -> {
                TypeDefinition d = Scope.at(s.types, i.typeIndex(), "type");
                if (d instanceof InstanceTypeDefinition id) {
                    InstanceType inst = id.instance();
                    if (inst.defined().isEmpty()) {
                        yield new InstanceEntity(inst);
                    }
                    Map<Integer, Integer> rmap = new HashMap<>();
                    for (int r : inst.defined()) {
                        int f = ids.freshResourceLike(r);
                        rmap.put(r, f);
                        (isImport ? s.importedResources : s.definedResources).add(f);
                    }
                    InstanceType copy = substitution.instance(inst, rmap);
                    yield new InstanceEntity(new InstanceType(copy.exports(), Set.of(), copy.size()));
                }
                throw new ComponentInvalid("type index " + i.typeIndex() + " is not an instance type");
            }
        };
    }

    private void importItem(Scope s, ExternName name, ExternType type) {
        Entity e = ExternalVisibility.created(externType(s, type, true), ids);
        names.check(s, name, e, false, s.importKeys, s.imports, "import");
        ExternalVisibility.register(s, e, true);
        s.imports.put(name.name(), e);
        add(s, e);
    }

    private void exportItem(Scope s, Export ex) {
        Entity actual = item(s, ex.item());
        Entity e = actual;
        if (ex.ascribedType().isPresent()) {
            Entity ascribed = externType(s, ex.ascribedType().get(), false);
            Map<Integer, Integer> rmap = new HashMap<>();
            // Named types of the ascription stand for the item's, but its abstract resources stay
            // abstract: an item whose resource is concrete is no subtype of them (as in wasm-tools).
            bind(ascribed, actual, Set.of(), rmap);
            String why = subtype(actual, substitution.apply(ascribed, rmap));
            if (why != null) {
                throw new ComponentInvalid(
                        "type mismatch in export `" + ex.name().name() + "`\n" + why);
            }
            e = substitution.apply(ascribed, rmap);
        }
        e = ExternalVisibility.created(exportedResource(e), ids);
        names.check(s, ex.name(), e, true, s.exportKeys, s.exports, "export");
        ExternalVisibility.register(s, e, false);
        s.exports.put(ex.name().name(), e);
        add(s, e);
        if (e instanceof ValueEntity) {
            // The exported value's new index counts as used: the export consumed the value.
            s.valueUsed.set(s.valueUsed.size() - 1, true);
        }
    }

    /** Null when {@code a} may be used where {@code b} is expected, else the reason. */
    String subtype(Entity a, Entity b) {
        return new Subtyping(ids).entity(a, b);
    }

    // ---------------------------------------------------------------- start

    private void start(Scope s, Section.Start st) {
        features.require(Feature.CM_VALUES, "support for component model `value`s is not enabled");
        if (s.hasStart) {
            throw new ComponentInvalid("component cannot have more than one start function");
        }
        s.hasStart = true;
        FuncType f = Scope.at(s.funcs, st.funcIndex(), "func");
        if (f.params().size() != st.args().size()) {
            throw new ComponentInvalid(
                    "component start function requires " + f.params().size() + " arguments but was given "
                            + st.args().size());
        }
        for (int i = 0; i < st.args().size(); i++) {
            ValueType v = useValue(s, st.args().get(i));
            if (!new Subtyping(ids).valueType(v, f.params().get(i).type())) {
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
