package dev.wreg.engine.wit.text;

import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.Stability;
import dev.wreg.engine.wit.TypeDef;
import dev.wreg.engine.wit.TypeDefKind;
import dev.wreg.engine.wit.TypeId;
import dev.wreg.engine.wit.TypeOwner;
import dev.wreg.engine.wit.WitFunction;
import dev.wreg.engine.wit.WitInterface;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the items of one interface, or the types of one world: {@code use}d types, type
 * definitions (which may refer to ones declared later), functions with resource methods
 * desugared, and the check that no type contains itself. {@link Resolver} decides which
 * interfaces and worlds there are and in what order; this class gives each one its types.
 */
final class ItemResolver {

    /** Resolves the interface a {@code use} names, resolving it first when it is local. */
    @FunctionalInterface
    interface InterfacePaths {
        InterfaceId byPath(Resolver.UnitFile f, Ast.UsePath path, Set<String> visiting);
    }

    private final WitResolve.Builder b;
    private final Map<TypeId, TypeId> ownHandles;
    private final InterfacePaths interfaces;
    private final Resolver.UnitFile f;
    private final TypeOwner owner;
    private final Set<String> visiting;
    final Map<String, TypeId> types = new LinkedHashMap<>();
    final Map<String, WitFunction> functions = new LinkedHashMap<>();
    final Map<String, Ast.TypeItem> pending = new HashMap<>();
    final Map<TypeId, Ast.Name> declared = new LinkedHashMap<>();

    /**
     * @param b the resolve being built, which holds every type and interface
     * @param ownHandles the {@code own<T>} handle made for each resource so far, shared by all
     *     items of one resolve so that each resource has one
     * @param interfaces resolves a {@code use} path to an interface (resolving it first if needed)
     * @param f the file the items are in (for its aliases and error positions)
     * @param owner the interface or world the types belong to
     * @param visiting the interfaces being resolved on the way here (to report cycles)
     */
    ItemResolver(
            WitResolve.Builder b,
            Map<TypeId, TypeId> ownHandles,
            InterfacePaths interfaces,
            Resolver.UnitFile f,
            TypeOwner owner,
            Set<String> visiting) {
        this.b = b;
        this.ownHandles = ownHandles;
        this.interfaces = interfaces;
        this.f = f;
        this.owner = owner;
        this.visiting = visiting;
    }

    void resolve(List<? extends Object> items, List<Object> unused) {
        for (Object o : items) {
            if (o instanceof Ast.UseItem u) {
                InterfaceId from = interfaces.byPath(f, u.path(), visiting);
                WitInterface fromIface = b.iface(from);
                for (Ast.UseName n : u.names()) {
                    TypeId target = fromIface.types().get(n.name().text());
                    if (target == null) {
                        throw f.source()
                                .error(
                                        n.name().pos(),
                                        "type `" + n.name().text() + "` not defined in interface `" + fromIface.name()
                                                + "`");
                    }
                    Ast.Name local = n.as() != null ? n.as() : n.name();
                    define(
                            local,
                            b.addType(new TypeDef(
                                    local.text(), new TypeDefKind.Alias(target), owner, null, u.stability())));
                }
            }
        }
        for (Object o : items) {
            if (o instanceof Ast.TypeItem t) {
                TypeId id = b.reserveType();
                define(t.name(), id);
                pending.put(t.name().text(), t);
                declared.put(id, t.name());
            }
        }
        for (Object o : items) {
            if (o instanceof Ast.TypeItem t) {
                TypeId id = types.get(t.name().text());
                b.setType(id, new TypeDef(t.name().text(), kind(t, id), owner, t.docs(), t.stability()));
            }
        }
        for (Object o : items) {
            if (o
                    instanceof
                    Ast.TypeItem(String d, Stability s, Ast.Name rn, Ast.ResourceBody(List<Ast.ResourceFunc> funcs))) {
                TypeId rid = types.get(rn.text());
                boolean hasCtor = false;
                for (Ast.ResourceFunc rf : funcs) {
                    WitFunction.Kind k = switch (rf.kind()) {
                        case METHOD -> WitFunction.Kind.METHOD;
                        case STATIC -> WitFunction.Kind.STATIC;
                        case CONSTRUCTOR -> WitFunction.Kind.CONSTRUCTOR;
                    };
                    if (k == WitFunction.Kind.CONSTRUCTOR) {
                        if (hasCtor) {
                            throw f.source()
                                    .error(rf.name().pos(), "duplicate constructor for resource `" + rn.text() + "`");
                        }
                        hasCtor = true;
                    }
                    addFunction(
                            rf.name(), function(rf.docs(), rf.stability(), k, rf.name(), rf.type(), rid, rn.text()));
                }
            }
        }
        for (Object o : items) {
            if (o instanceof Ast.FuncItem fi) {
                addFunction(
                        fi.name(),
                        function(
                                fi.docs(),
                                fi.stability(),
                                WitFunction.Kind.FREESTANDING,
                                fi.name(),
                                fi.type(),
                                null,
                                null));
            }
        }
        checkCycles();
    }

    private void define(Ast.Name name, TypeId id) {
        if (types.containsKey(name.text())) {
            throw f.source().error(name.pos(), "name `" + name.text() + "` is defined more than once");
        }
        types.put(name.text(), id);
    }

    private void addFunction(Ast.Name at, WitFunction fn) {
        if (functions.containsKey(fn.name())
                || (fn.kind() == WitFunction.Kind.FREESTANDING && types.containsKey(fn.name()))) {
            throw f.source().error(at.pos(), "name `" + fn.itemName() + "` is defined more than once");
        }
        functions.put(fn.name(), fn);
    }

    WitFunction function(
            String docs,
            Stability st,
            WitFunction.Kind kind,
            Ast.Name name,
            Ast.FuncType ft,
            TypeId resource,
            String resourceName) {
        List<WitFunction.Param> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (kind == WitFunction.Kind.METHOD) {
            params.add(new WitFunction.Param(
                    "self", b.addType(TypeDef.anonymous(new TypeDefKind.Handle(true, resource)))));
            seen.add("self");
        }
        for (Ast.Param p : ft.params()) {
            if (!seen.add(p.name().text())) {
                throw f.source().error(p.name().pos(), "parameter `" + p.name().text() + "` is defined more than once");
            }
            params.add(new WitFunction.Param(p.name().text(), type(p.type())));
        }
        WitType result;
        if (kind == WitFunction.Kind.CONSTRUCTOR && ft.result() == null) {
            result = b.addType(TypeDef.anonymous(new TypeDefKind.Handle(false, resource)));
        } else {
            result = ft.result() == null ? null : type(ft.result());
            if (kind == WitFunction.Kind.CONSTRUCTOR && !isFallibleConstructorResult(result, resource)) {
                throw f.source()
                        .error(ft.result().pos(), "a constructor may only return `result<" + resourceName + ", e>`");
            }
        }
        String compName = WitFunction.componentName(kind, ft.async(), resourceName, name.text());
        return new WitFunction(compName, kind, ft.async(), resource, params, result, docs, st);
    }

    private boolean isFallibleConstructorResult(WitType result, TypeId resource) {
        if (result instanceof TypeId rid && b.type(rid).kind() instanceof TypeDefKind.Result(WitType ok, WitType err)) {
            return ok instanceof TypeId okId
                    && (okId.equals(resource)
                            || (b.type(okId).kind() instanceof TypeDefKind.Handle(boolean borrow, TypeId r)
                                    && !borrow
                                    && r.equals(resource)));
        }
        return false;
    }

    private TypeDefKind kind(Ast.TypeItem t, TypeId self) {
        return switch (t.body()) {
            case Ast.RecordBody(List<Ast.Field> fields) -> {
                List<TypeDefKind.Field> out = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (Ast.Field fd : fields) {
                    unique(seen, fd.name(), "field");
                    out.add(new TypeDefKind.Field(fd.name().text(), type(fd.type()), fd.docs()));
                }
                yield new TypeDefKind.Record(out);
            }
            case Ast.VariantBody(List<Ast.VariantCase> cases) -> {
                List<TypeDefKind.VariantCase> out = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (Ast.VariantCase c : cases) {
                    unique(seen, c.name(), "case");
                    out.add(new TypeDefKind.VariantCase(
                            c.name().text(), c.type() == null ? null : type(c.type()), c.docs()));
                }
                yield new TypeDefKind.Variant(out);
            }
            case Ast.EnumBody(List<Ast.CaseName> cases) -> new TypeDefKind.Enum(caseList(cases));
            case Ast.FlagsBody(List<Ast.CaseName> flags) -> new TypeDefKind.Flags(caseList(flags));
            case Ast.ResourceBody r -> new TypeDefKind.Resource();
            case Ast.AliasBody(Ast.TypeExpr te) -> aliasKind(te);
        };
    }

    /** {@code type x = list<u8>} defines the list itself (named); {@code type x = y} aliases y. */
    private TypeDefKind aliasKind(Ast.TypeExpr te) {
        // `type a = b` names b itself (a resource stays usable as a resource), not `own<b>`
        if (te instanceof Ast.Named(Ast.Name n)) {
            return new TypeDefKind.Alias(lookup(n));
        }
        WitType t = type(te);
        if (te instanceof Ast.Prim) {
            return new TypeDefKind.Alias(t);
        }
        return b.type((TypeId) t).kind();
    }

    private List<TypeDefKind.Case> caseList(List<Ast.CaseName> cases) {
        List<TypeDefKind.Case> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Ast.CaseName c : cases) {
            unique(seen, c.name(), "case");
            out.add(new TypeDefKind.Case(c.name().text(), c.docs()));
        }
        return out;
    }

    private void unique(Set<String> seen, Ast.Name n, String what) {
        if (!seen.add(n.text())) {
            throw f.source().error(n.pos(), what + " `" + n.text() + "` is defined more than once");
        }
    }

    private TypeId lookup(Ast.Name n) {
        TypeId id = types.get(n.text());
        if (id == null) {
            throw f.source().error(n.pos(), "type `" + n.text() + "` does not exist");
        }
        return id;
    }

    private boolean isResource(TypeId id, int depth) {
        if (depth > 1000) {
            return false;
        }
        TypeDef def = b.type(id);
        if (def == null) {
            Ast.TypeItem t = pending.get(declared.get(id).text());
            if (t.body() instanceof Ast.ResourceBody) {
                return true;
            }
            if (t.body() instanceof Ast.AliasBody(Ast.Named(Ast.Name n))) {
                TypeId next = types.get(n.text());
                return next != null && isResource(next, depth + 1);
            }
            return false;
        }
        return switch (def.kind()) {
            case TypeDefKind.Resource r -> true;
            case TypeDefKind.Alias(TypeId next) -> isResource(next, depth + 1);
            default -> false;
        };
    }

    WitType type(Ast.TypeExpr te) {
        return switch (te) {
            case Ast.Prim(WitType.Primitive p, int pos) -> p;
            case Ast.Named(Ast.Name n) -> {
                // a resource used as a value is an owned handle to it
                TypeId id = lookup(n);
                yield isResource(id, 0)
                        ? ownHandles.computeIfAbsent(
                                id, r -> b.addType(TypeDef.anonymous(new TypeDefKind.Handle(false, r))))
                        : id;
            }
            case Ast.ListT(Ast.TypeExpr e, int pos) -> anon(new TypeDefKind.ListOf(type(e)));
            case Ast.FixedListT(Ast.TypeExpr e, long len, int pos) -> anon(new TypeDefKind.FixedList(type(e), len));
            case Ast.MapT(Ast.TypeExpr k, Ast.TypeExpr v, int pos) -> {
                WitType key = type(k);
                if (!(key instanceof WitType.Primitive p)
                        || p == WitType.Primitive.F32
                        || p == WitType.Primitive.F64
                        || p == WitType.Primitive.ERROR_CONTEXT) {
                    throw f.source()
                            .error(
                                    k.pos(),
                                    "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string");
                }
                yield anon(new TypeDefKind.MapOf(key, type(v)));
            }
            case Ast.OptionT(Ast.TypeExpr e, int pos) -> anon(new TypeDefKind.Option(type(e)));
            case Ast.ResultT(Ast.TypeExpr ok, Ast.TypeExpr err, int pos) ->
                anon(new TypeDefKind.Result(ok == null ? null : type(ok), err == null ? null : type(err)));
            case Ast.TupleT(List<Ast.TypeExpr> ts, int pos) -> {
                List<WitType> out = new ArrayList<>();
                for (Ast.TypeExpr t : ts) {
                    out.add(type(t));
                }
                yield anon(new TypeDefKind.Tuple(out));
            }
            case Ast.HandleT(boolean borrow, Ast.Name r, int pos) -> {
                TypeId rid = lookup(r);
                if (!isResource(rid, 0)) {
                    throw f.source().error(r.pos(), "type `" + r.text() + "` used in a handle must be a resource");
                }
                yield anon(new TypeDefKind.Handle(borrow, rid));
            }
            case Ast.FutureT(Ast.TypeExpr p, int pos) -> anon(new TypeDefKind.Future(p == null ? null : type(p)));
            case Ast.StreamT(Ast.TypeExpr p, int pos) -> anon(new TypeDefKind.Stream(p == null ? null : type(p)));
        };
    }

    private TypeId anon(TypeDefKind kind) {
        return b.addType(TypeDef.anonymous(kind));
    }

    /** Types may not contain themselves (through aliases, fields, cases or payloads). */
    private void checkCycles() {
        Map<TypeId, Integer> state = new HashMap<>();
        for (Map.Entry<TypeId, Ast.Name> e : declared.entrySet()) {
            if (dependsOnItself(e.getKey(), state, 0)) {
                throw f.source()
                        .error(e.getValue().pos(), "type `" + e.getValue().text() + "` depends on itself");
            }
        }
    }

    private boolean dependsOnItself(TypeId id, Map<TypeId, Integer> state, int depth) {
        Integer s = state.get(id);
        if (s != null) {
            return s == 1;
        }
        if (depth > 10_000) {
            return true;
        }
        state.put(id, 1);
        for (WitType child : children(b.type(id).kind())) {
            if (child instanceof TypeId c && dependsOnItself(c, state, depth + 1)) {
                return true;
            }
        }
        state.put(id, 2);
        return false;
    }

    static List<WitType> children(TypeDefKind kind) {
        List<WitType> out = new ArrayList<>();
        switch (kind) {
            case TypeDefKind.Record(List<TypeDefKind.Field> fields) -> fields.forEach(x -> out.add(x.type()));
            case TypeDefKind.Variant(List<TypeDefKind.VariantCase> cases) ->
                cases.forEach(c -> {
                    if (c.type() != null) {
                        out.add(c.type());
                    }
                });
            case TypeDefKind.Tuple(List<WitType> types) -> out.addAll(types);
            case TypeDefKind.Option(WitType t) -> out.add(t);
            case TypeDefKind.Result(WitType ok, WitType err) -> {
                if (ok != null) {
                    out.add(ok);
                }
                if (err != null) {
                    out.add(err);
                }
            }
            case TypeDefKind.ListOf(WitType t) -> out.add(t);
            case TypeDefKind.FixedList(WitType t, long n) -> out.add(t);
            case TypeDefKind.MapOf(WitType k, WitType v) -> {
                out.add(k);
                out.add(v);
            }
            case TypeDefKind.Future(WitType t) -> {
                if (t != null) {
                    out.add(t);
                }
            }
            case TypeDefKind.Stream(WitType t) -> {
                if (t != null) {
                    out.add(t);
                }
            }
            case TypeDefKind.Alias(WitType t) -> out.add(t);
            case TypeDefKind.Handle h -> {}
            case TypeDefKind.Resource r -> {}
            case TypeDefKind.Enum e -> {}
            case TypeDefKind.Flags fl -> {}
        }
        return out;
    }
}
