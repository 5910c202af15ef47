package dev.wreg.engine.wit.component;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Instance;
import dev.wreg.engine.binary.NameAttribute;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a component's index spaces (types, functions, instances, components) the way a validator
 * builds them, giving every type a Java object identity. Two places that name the same type get
 * the same object, which is what telling a {@code use} from a new definition needs: a type export
 * with an {@code eq} bound is an {@link AliasT} of the type it equals, a {@code sub resource} is a
 * fresh {@link ResourceT}, and instantiating a nested component binds its imports to the arguments.
 *
 * <p>Core sorts are not tracked: they play no part in the component's WIT.
 */
final class TypeGraph {
    static final int MAX_DEPTH = 100;

    /** A slot in a type index space. */
    sealed interface TypeEnt permits DefinedT, FuncT, InstanceT, ComponentT, ResourceT, AliasT {}

    /** A defined value type; its type references are indices into {@code scope}. */
    record DefinedT(DefValType def, Scope scope) implements TypeEnt {}

    /** A function type; its references are indices into {@code scope}. */
    record FuncT(DefType.Func def, Scope scope) implements TypeEnt {}

    /** An instance type or a concrete instance: its exports in order. */
    static final class InstanceT implements TypeEnt {
        final Map<String, Ext> exports = new LinkedHashMap<>();
    }

    /** A component type, or a component definition that was not instantiated. */
    static final class ComponentT implements TypeEnt {
        final Map<String, Ext> imports = new LinkedHashMap<>();
        final Map<String, Ext> exports = new LinkedHashMap<>();
        // `(implements "ns:pkg/iface")` attributes of imports and exports, by name
        final Map<String, String> importImplements = new HashMap<>();
        final Map<String, String> exportImplements = new HashMap<>();
        // set for a component definition: instantiating it evaluates this body
        Component body;
        Scope bodyParent;
    }

    /** A resource type (abstract or defined); identity is the object. */
    static final class ResourceT implements TypeEnt {}

    /** A type created by an import or export with an {@code eq} bound: the same type as {@code target}, under a new identity. */
    static final class AliasT implements TypeEnt {
        final TypeEnt target;

        AliasT(TypeEnt target) {
            this.target = target;
        }
    }

    /** What an import or export provides. */
    sealed interface Ext permits TypeExt, FuncExt, InstanceExt, ComponentExt, OtherExt {}

    record TypeExt(TypeEnt created) implements Ext {}

    record FuncExt(FuncT type) implements Ext {}

    record InstanceExt(InstanceT instance) implements Ext {}

    record ComponentExt(ComponentT component) implements Ext {}

    /** Values and core modules: not part of WIT. */
    record OtherExt() implements Ext {}

    /** One level of index spaces (a component body, or a component/instance type). */
    static final class Scope {
        final Scope parent;
        final List<TypeEnt> types = new ArrayList<>();
        final List<FuncT> funcs = new ArrayList<>();
        final List<InstanceT> instances = new ArrayList<>();
        final List<ComponentT> components = new ArrayList<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        TypeEnt type(int index) {
            if (index < 0 || index >= types.size()) {
                throw new WitDecodeException("type index " + index + " out of bounds");
            }
            return types.get(index);
        }

        <T> T at(List<T> space, int index, String what) {
            if (index < 0 || index >= space.size()) {
                throw new WitDecodeException(what + " index " + index + " out of bounds");
            }
            return space.get(index);
        }

        Scope outer(int count) {
            Scope s = this;
            for (int i = 0; i < count; i++) {
                if (s.parent == null) {
                    throw new WitDecodeException("outer alias count " + count + " too large");
                }
                s = s.parent;
            }
            return s;
        }
    }

    /** An import or export of the top-level component, in binary order. */
    record Extern(boolean isImport, String name, Ext ext, String implementsName) {}

    /** The interface named by an {@code implements} attribute, or null. */
    static String implementsOf(ExternName name) {
        return name.attribute(NameAttribute.Implements.class)
                .map(NameAttribute.Implements::interfaceName)
                .orElse(null);
    }

    private int depth;

    /** The top-level imports and exports of {@code component}, in order. */
    static List<Extern> externs(Component component) {
        TypeGraph g = new TypeGraph();
        List<Extern> out = new ArrayList<>();
        ComponentT result = g.evaluate(component, new Scope(null), null, out);
        return out;
    }

    /**
     * Evaluates a component body. {@code args} (null at the top level) binds imports by name when
     * the body is being instantiated.
     */
    private ComponentT evaluate(Component component, Scope scope, Map<String, Object> args, List<Extern> externs) {
        enter();
        ComponentT self = new ComponentT();
        for (Section section : component.sections()) {
            switch (section) {
                case Section.Types(List<DefType> types) -> {
                    for (DefType t : types) {
                        scope.types.add(defType(t, scope));
                    }
                }
                case Section.Imports(List<Import> imports) -> {
                    for (Import imp : imports) {
                        String name = imp.name().name();
                        Ext ext = args != null && args.containsKey(name)
                                ? bindArg(imp.type(), args.get(name), scope)
                                : declare(imp.type(), scope);
                        self.imports.put(name, ext);
                        if (externs != null) {
                            externs.add(new Extern(true, name, ext, implementsOf(imp.name())));
                        }
                    }
                }
                case Section.Aliases(List<Alias> aliases) -> {
                    for (Alias a : aliases) {
                        alias(a, scope);
                    }
                }
                case Section.Canons(List<Canon> canons) -> {
                    for (Canon c : canons) {
                        if (c instanceof Canon.Lift lift) {
                            scope.funcs.add(funcType(scope.type(lift.typeIndex())));
                        }
                    }
                }
                case Section.Instances(List<Instance> instances) -> {
                    for (Instance inst : instances) {
                        scope.instances.add(instance(inst, scope));
                    }
                }
                case Section.NestedComponent(Component nested) -> {
                    ComponentT def = new ComponentT();
                    def.body = nested;
                    def.bodyParent = scope;
                    scope.components.add(def);
                }
                case Section.Exports(List<Export> exports) -> {
                    for (Export e : exports) {
                        Ext ext = exportItem(e, scope);
                        self.exports.put(e.name().name(), ext);
                        if (externs != null) {
                            externs.add(new Extern(false, e.name().name(), ext, implementsOf(e.name())));
                        }
                    }
                }
                default -> {}
            }
        }
        depth--;
        return self;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new WitDecodeException("components or types nested more than " + MAX_DEPTH + " deep");
        }
    }

    private static FuncT funcType(TypeEnt t) {
        TypeEnt u = peel(t);
        if (u instanceof FuncT f) {
            return f;
        }
        throw new WitDecodeException("expected a function type");
    }

    private static InstanceT instanceType(TypeEnt t) {
        TypeEnt u = peel(t);
        if (u instanceof InstanceT i) {
            return i;
        }
        throw new WitDecodeException("expected an instance type");
    }

    private static ComponentT componentType(TypeEnt t) {
        TypeEnt u = peel(t);
        if (u instanceof ComponentT c) {
            return c;
        }
        throw new WitDecodeException("expected a component type");
    }

    /** Follows {@link AliasT}s to the type they equal. */
    static TypeEnt peel(TypeEnt t) {
        TypeEnt cur = t;
        for (int i = 0; i < 100_000 && cur instanceof AliasT a; i++) {
            cur = a.target;
        }
        return cur;
    }

    private TypeEnt defType(DefType t, Scope scope) {
        return switch (t) {
            case DefValType d -> new DefinedT(d, scope);
            case DefType.Func f -> new FuncT(f, scope);
            case DefType.Resource r -> new ResourceT();
            case DefType.InstanceType(List<TypeDecl> decls) -> {
                enter();
                Scope inner = new Scope(scope);
                InstanceT it = new InstanceT();
                for (TypeDecl d : decls) {
                    decl(d, inner, null, it.exports);
                }
                depth--;
                yield it;
            }
            case DefType.ComponentType(List<TypeDecl> decls) -> {
                enter();
                Scope inner = new Scope(scope);
                ComponentT ct = new ComponentT();
                for (TypeDecl d : decls) {
                    decl(d, inner, ct.imports, ct.exports);
                    if (d instanceof TypeDecl.ImportDecl(ExternName n, ExternType unused) && implementsOf(n) != null) {
                        ct.importImplements.put(n.name(), implementsOf(n));
                    } else if (d instanceof TypeDecl.ExportDecl(ExternName n, ExternType unused)
                            && implementsOf(n) != null) {
                        ct.exportImplements.put(n.name(), implementsOf(n));
                    }
                }
                depth--;
                yield ct;
            }
        };
    }

    private void decl(TypeDecl d, Scope scope, Map<String, Ext> imports, Map<String, Ext> exports) {
        switch (d) {
            case TypeDecl.CoreTypeDecl c -> {}
            case TypeDecl.TypeDef(DefType t) -> scope.types.add(defType(t, scope));
            case TypeDecl.AliasDecl(Alias a) -> alias(a, scope);
            case TypeDecl.ImportDecl(var name, ExternType type) -> {
                if (imports == null) {
                    throw new WitDecodeException("import declarator in an instance type");
                }
                imports.put(name.name(), declare(type, scope));
            }
            case TypeDecl.ExportDecl(var name, ExternType type) -> exports.put(name.name(), declare(type, scope));
        }
    }

    /** An import or export declaration: adds the item to its index space and returns it. */
    private Ext declare(ExternType type, Scope scope) {
        return switch (type) {
            case ExternType.Func(int idx) -> {
                FuncT f = funcType(scope.type(idx));
                scope.funcs.add(f);
                yield new FuncExt(f);
            }
            case ExternType.Instance(int idx) -> {
                InstanceT i = instanceType(scope.type(idx));
                scope.instances.add(i);
                yield new InstanceExt(i);
            }
            case ExternType.Component(int idx) -> {
                ComponentT c = componentType(scope.type(idx));
                scope.components.add(c);
                yield new ComponentExt(c);
            }
            case ExternType.Type(ExternType.TypeBound bound) -> {
                TypeEnt created = switch (bound) {
                    case ExternType.TypeBound.Eq(int idx) -> new AliasT(scope.type(idx));
                    case ExternType.TypeBound.SubResource s -> new ResourceT();
                };
                scope.types.add(created);
                yield new TypeExt(created);
            }
            case ExternType.Value v -> new OtherExt();
            case ExternType.CoreModule m -> new OtherExt();
        };
    }

    /** An import of a component being instantiated, bound to the argument given for it. */
    private Ext bindArg(ExternType type, Object arg, Scope scope) {
        switch (arg) {
            case TypeEnt t
            when type instanceof ExternType.Type -> {
                scope.types.add(t);
                return new TypeExt(t);
            }
            case FuncT f
            when type instanceof ExternType.Func -> {
                scope.funcs.add(f);
                return new FuncExt(f);
            }
            case InstanceT i
            when type instanceof ExternType.Instance -> {
                scope.instances.add(i);
                return new InstanceExt(i);
            }
            case ComponentT c
            when type instanceof ExternType.Component -> {
                scope.components.add(c);
                return new ComponentExt(c);
            }
            default -> {
                return declare(type, scope);
            }
        }
    }

    private void alias(Alias a, Scope scope) {
        switch (a) {
            case Alias.InstanceExport(Sort sort, int instanceIndex, String name) -> {
                InstanceT inst = scope.at(scope.instances, instanceIndex, "instance");
                Ext ext = inst.exports.get(name);
                if (ext == null) {
                    throw new WitDecodeException("instance " + instanceIndex + " has no export `" + name + "`");
                }
                addToSpace(sort, ext, scope);
            }
            case Alias.Outer(Sort sort, int count, int index) -> {
                Scope outer = scope.outer(count);
                if (sort == Sort.TYPE) {
                    scope.types.add(outer.type(index));
                } else if (sort == Sort.COMPONENT) {
                    scope.components.add(outer.at(outer.components, index, "component"));
                }
            }
            case Alias.CoreInstanceExport c -> {}
        }
    }

    private void addToSpace(Sort sort, Ext ext, Scope scope) {
        switch (ext) {
            case TypeExt(TypeEnt t) when sort == Sort.TYPE -> scope.types.add(t);
            case FuncExt(FuncT f) when sort == Sort.FUNC -> scope.funcs.add(f);
            case InstanceExt(InstanceT i) when sort == Sort.INSTANCE -> scope.instances.add(i);
            case ComponentExt(ComponentT c) when sort == Sort.COMPONENT -> scope.components.add(c);
            default -> {
                if (sort == Sort.TYPE || sort == Sort.FUNC || sort == Sort.INSTANCE || sort == Sort.COMPONENT) {
                    throw new WitDecodeException("alias sort does not match the export");
                }
            }
        }
    }

    private InstanceT instance(Instance inst, Scope scope) {
        return switch (inst) {
            case Instance.FromExports(List<Instance.InlineExport> exports) -> {
                InstanceT it = new InstanceT();
                for (Instance.InlineExport e : exports) {
                    it.exports.put(e.name().name(), item(e.item(), scope));
                }
                yield it;
            }
            case Instance.Instantiate(int componentIndex, List<Instance.Arg> args) -> {
                ComponentT c = scope.at(scope.components, componentIndex, "component");
                InstanceT it = new InstanceT();
                if (c.body != null) {
                    Map<String, Object> bound = new LinkedHashMap<>();
                    for (Instance.Arg arg : args) {
                        bound.put(arg.name(), raw(item(arg.item(), scope)));
                    }
                    ComponentT result = evaluate(c.body, new Scope(c.bodyParent), bound, null);
                    it.exports.putAll(result.exports);
                } else {
                    it.exports.putAll(c.exports);
                }
                yield it;
            }
        };
    }

    private static Object raw(Ext ext) {
        return switch (ext) {
            case TypeExt(TypeEnt t) -> t;
            case FuncExt(FuncT f) -> f;
            case InstanceExt(InstanceT i) -> i;
            case ComponentExt(ComponentT c) -> c;
            case OtherExt o -> o;
        };
    }

    private Ext item(SortIndex item, Scope scope) {
        Sort sort = item.sort();
        int idx = item.index();
        if (sort == Sort.TYPE) {
            return new TypeExt(scope.type(idx));
        } else if (sort == Sort.FUNC) {
            return new FuncExt(scope.at(scope.funcs, idx, "function"));
        } else if (sort == Sort.INSTANCE) {
            return new InstanceExt(scope.at(scope.instances, idx, "instance"));
        } else if (sort == Sort.COMPONENT) {
            return new ComponentExt(scope.at(scope.components, idx, "component"));
        }
        return new OtherExt();
    }

    /** An export definition: adds the exported item (under a new identity for types) to its index space. */
    private Ext exportItem(Export e, Scope scope) {
        Ext ext = item(e.item(), scope);
        if (e.ascribedType().isPresent()) {
            ExternType asc = e.ascribedType().get();
            switch (asc) {
                case ExternType.Func(int idx) -> ext = new FuncExt(funcType(scope.type(idx)));
                case ExternType.Instance(int idx) -> ext = new InstanceExt(instanceType(scope.type(idx)));
                case ExternType.Type(ExternType.TypeBound.SubResource s) -> ext = new TypeExt(new ResourceT());
                default -> {}
            }
        }
        switch (ext) {
            case TypeExt(TypeEnt t) -> {
                AliasT created = new AliasT(t);
                scope.types.add(created);
                ext = new TypeExt(created);
            }
            case FuncExt(FuncT f) -> scope.funcs.add(f);
            case InstanceExt(InstanceT i) -> scope.instances.add(i);
            case ComponentExt(ComponentT c) -> scope.components.add(c);
            case OtherExt o -> {}
        }
        return ext;
    }

    /** The value type {@code v} of a definition made in {@code scope}: a primitive or a type slot. */
    static Object valType(ValType v, Scope scope) {
        return switch (v) {
            case dev.wreg.engine.binary.PrimitiveType p -> p;
            case ValType.Ref(int index) -> scope.type(index);
        };
    }
}
