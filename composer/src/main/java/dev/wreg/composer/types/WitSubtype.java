package dev.wreg.composer.types;

import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.TypeDef;
import dev.wreg.engine.wit.TypeDefKind;
import dev.wreg.engine.wit.TypeId;
import dev.wreg.engine.wit.WitFunction;
import dev.wreg.engine.wit.WitInterface;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that what a provider exports can stand in for what a consumer imports, with wac's rules:
 * an instance may export more, functions are compared by equality (async flag, parameter names
 * and types, result), value types structurally, resources by name. A mismatch is returned as a
 * chain from the outermost item inward, each link worded as wac words it.
 */
public final class WitSubtype {
    private final WitResolve expected;
    private final WitResolve actual;

    public WitSubtype(WitResolve expected, WitResolve actual) {
        this.expected = expected;
        this.actual = actual;
    }

    /** Empty when the actual interface is a subtype of the expected one, otherwise the chain. */
    public Optional<List<String>> checkInterface(InterfaceId expectedId, InterfaceId actualId) {
        WitInterface e = expected.iface(expectedId);
        WitInterface a = actual.iface(actualId);
        for (var t : e.types().entrySet()) {
            TypeId found = a.types().get(t.getKey());
            if (found == null) {
                return fail("instance is missing expected type export `" + t.getKey() + "`");
            }
            List<String> chain = compareTypes(t.getValue(), found, 0);
            if (chain != null) {
                return Optional.of(prefixed("mismatched type for export `" + t.getKey() + "`", chain));
            }
        }
        for (var f : e.functions().entrySet()) {
            WitFunction found = a.functions().get(f.getKey());
            if (found == null) {
                return fail("instance is missing expected function export `" + f.getKey() + "`");
            }
            Optional<List<String>> chain = checkFunction(f.getValue(), found);
            if (chain.isPresent()) {
                return Optional.of(prefixed("mismatched type for export `" + f.getKey() + "`", chain.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Empty when every type and function the two interfaces both name agree; names only one of
     * them has are not compared. This is what two declarations of one import need before they can
     * be merged into their union (wac's type aggregation).
     */
    public Optional<List<String>> checkShared(InterfaceId expectedId, InterfaceId actualId) {
        WitInterface e = expected.iface(expectedId);
        WitInterface a = actual.iface(actualId);
        for (var t : e.types().entrySet()) {
            TypeId found = a.types().get(t.getKey());
            if (found == null) {
                continue;
            }
            List<String> chain = compareTypes(t.getValue(), found, 0);
            if (chain != null) {
                return Optional.of(prefixed("mismatched type for export `" + t.getKey() + "`", chain));
            }
        }
        for (var f : e.functions().entrySet()) {
            WitFunction found = a.functions().get(f.getKey());
            if (found == null) {
                continue;
            }
            Optional<List<String>> chain = checkFunction(f.getValue(), found);
            if (chain.isPresent()) {
                return Optional.of(prefixed("mismatched type for export `" + f.getKey() + "`", chain.get()));
            }
        }
        return Optional.empty();
    }

    public Optional<List<String>> checkFunction(WitFunction e, WitFunction a) {
        if (e.async() != a.async()) {
            return fail(
                    e.async()
                            ? "expected async function, found sync function"
                            : "expected sync function, found async function");
        }
        if (e.params().size() != a.params().size()) {
            return fail("expected function with parameter count " + e.params().size() + ", found parameter count "
                    + a.params().size());
        }
        for (int i = 0; i < e.params().size(); i++) {
            var ep = e.params().get(i);
            var ap = a.params().get(i);
            if (!ep.name().equals(ap.name())) {
                return fail("expected function parameter " + i + " to be named `" + ep.name() + "`, found name `"
                        + ap.name() + "`");
            }
            List<String> chain = compare(ep.type(), ap.type(), 0);
            if (chain != null) {
                return Optional.of(prefixed("mismatched type for function parameter `" + ep.name() + "`", chain));
            }
        }
        if ((e.result() == null) != (a.result() == null)) {
            return fail(
                    e.result() != null
                            ? "expected function with a result, found function without a result"
                            : "expected function without a result, found function with a result");
        }
        if (e.result() != null) {
            List<String> chain = compare(e.result(), a.result(), 0);
            if (chain != null) {
                return Optional.of(prefixed("mismatched type for function result", chain));
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> fail(String message) {
        return Optional.of(List.of(message));
    }

    private static List<String> prefixed(String head, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(head);
        out.addAll(rest);
        return out;
    }

    /** Null when equal, otherwise the chain. Depth guards against malformed, cyclic type graphs. */
    private List<String> compare(WitType e, WitType a, int depth) {
        if (depth > 200) {
            return List.of("type nesting is too deep to compare");
        }
        if (e instanceof WitType.Primitive pe && a instanceof WitType.Primitive pa) {
            return pe == pa ? null : List.of("expected `" + pe.witName() + "`, found `" + pa.witName() + "`");
        }
        if (e instanceof TypeId te && a instanceof TypeId ta) {
            return compareTypes(te, ta, depth + 1);
        }
        return List.of("expected " + describe(expected, e) + ", found " + describe(actual, a));
    }

    private List<String> compareTypes(TypeId eid, TypeId aid, int depth) {
        TypeId eu = expected.unalias(eid);
        TypeId au = actual.unalias(aid);
        TypeDef ed = expected.type(eu);
        TypeDef ad = actual.type(au);
        if (ed.kind() instanceof TypeDefKind.Alias(WitType t)) {
            return compare(t, ad.kind() instanceof TypeDefKind.Alias(WitType u) ? u : au, depth + 1);
        }
        if (ad.kind() instanceof TypeDefKind.Alias(WitType u)) {
            return compare(eu, u, depth + 1);
        }
        return switch (ed.kind()) {
            case TypeDefKind.Resource r ->
                ad.kind() instanceof TypeDefKind.Resource
                        ? (Objects.equals(ed.name(), ad.name())
                                ? null
                                : List.of("expected resource `" + ed.name() + "`, found resource `" + ad.name() + "`"))
                        : kindMismatch(ed, ad);
            case TypeDefKind.Handle(boolean borrow, TypeId res) -> {
                if (!(ad.kind() instanceof TypeDefKind.Handle(boolean b2, TypeId res2))) {
                    yield kindMismatch(ed, ad);
                }
                if (borrow != b2) {
                    yield List.of("expected " + (borrow ? "borrow" : "own") + " handle, found "
                            + (b2 ? "borrow" : "own") + " handle");
                }
                yield compareTypes(res, res2, depth + 1);
            }
            case TypeDefKind.Record(List<TypeDefKind.Field> fields) -> {
                if (!(ad.kind() instanceof TypeDefKind.Record(List<TypeDefKind.Field> f2))) {
                    yield kindMismatch(ed, ad);
                }
                if (fields.size() != f2.size()) {
                    yield List.of("expected record with " + fields.size() + " fields, found " + f2.size() + " fields");
                }
                for (int i = 0; i < fields.size(); i++) {
                    if (!fields.get(i).name().equals(f2.get(i).name())) {
                        yield List.of("expected record field " + i + " to be named `"
                                + fields.get(i).name() + "`, found name `"
                                + f2.get(i).name() + "`");
                    }
                    List<String> c = compare(fields.get(i).type(), f2.get(i).type(), depth + 1);
                    if (c != null) {
                        yield prefixed(
                                "mismatched type for record field `"
                                        + fields.get(i).name() + "`",
                                c);
                    }
                }
                yield null;
            }
            case TypeDefKind.Variant(List<TypeDefKind.VariantCase> cases) -> {
                if (!(ad.kind() instanceof TypeDefKind.Variant(List<TypeDefKind.VariantCase> c2))) {
                    yield kindMismatch(ed, ad);
                }
                if (cases.size() != c2.size()) {
                    yield List.of("expected variant with " + cases.size() + " cases, found " + c2.size() + " cases");
                }
                for (int i = 0; i < cases.size(); i++) {
                    var ec = cases.get(i);
                    var ac = c2.get(i);
                    if (!ec.name().equals(ac.name())) {
                        yield List.of("expected variant case " + i + " to be named `" + ec.name() + "`, found name `"
                                + ac.name() + "`");
                    }
                    List<String> c = optional(ec.type(), ac.type(), depth);
                    if (c != null) {
                        yield prefixed("mismatched type for variant case `" + ec.name() + "`", c);
                    }
                }
                yield null;
            }
            case TypeDefKind.Enum(List<TypeDefKind.Case> cases) -> {
                if (!(ad.kind() instanceof TypeDefKind.Enum(List<TypeDefKind.Case> c2))) {
                    yield kindMismatch(ed, ad);
                }
                yield labels("enum case", cases, c2);
            }
            case TypeDefKind.Flags(List<TypeDefKind.Case> flags) -> {
                if (!(ad.kind() instanceof TypeDefKind.Flags(List<TypeDefKind.Case> f2))) {
                    yield kindMismatch(ed, ad);
                }
                yield labels("flag", flags, f2);
            }
            case TypeDefKind.Tuple(List<WitType> types) -> {
                if (!(ad.kind() instanceof TypeDefKind.Tuple(List<WitType> t2))) {
                    yield kindMismatch(ed, ad);
                }
                if (types.size() != t2.size()) {
                    yield List.of("expected a tuple of size " + types.size() + ", found a tuple of size " + t2.size());
                }
                for (int i = 0; i < types.size(); i++) {
                    List<String> c = compare(types.get(i), t2.get(i), depth + 1);
                    if (c != null) {
                        yield prefixed("mismatched type for tuple item " + i, c);
                    }
                }
                yield null;
            }
            case TypeDefKind.Option(WitType t) ->
                ad.kind() instanceof TypeDefKind.Option(WitType u)
                        ? chain("mismatched type for option", compare(t, u, depth + 1))
                        : kindMismatch(ed, ad);
            case TypeDefKind.ListOf(WitType t) ->
                ad.kind() instanceof TypeDefKind.ListOf(WitType u)
                        ? chain("mismatched type for list element", compare(t, u, depth + 1))
                        : kindMismatch(ed, ad);
            case TypeDefKind.FixedList(WitType t, long n) -> {
                if (!(ad.kind() instanceof TypeDefKind.FixedList(WitType u, long m))) {
                    yield kindMismatch(ed, ad);
                }
                yield n != m
                        ? List.of("expected a fixed list of length " + n + ", found length " + m)
                        : chain("mismatched type for list element", compare(t, u, depth + 1));
            }
            case TypeDefKind.MapOf(WitType k, WitType v) -> {
                if (!(ad.kind() instanceof TypeDefKind.MapOf(WitType k2, WitType v2))) {
                    yield kindMismatch(ed, ad);
                }
                List<String> c = chain("mismatched type for map key", compare(k, k2, depth + 1));
                yield c != null ? c : chain("mismatched type for map value", compare(v, v2, depth + 1));
            }
            case TypeDefKind.Result(WitType ok, WitType err) -> {
                if (!(ad.kind() instanceof TypeDefKind.Result(WitType ok2, WitType err2))) {
                    yield kindMismatch(ed, ad);
                }
                List<String> c = chain("mismatched type for result `ok`", optional(ok, ok2, depth));
                yield c != null ? c : chain("mismatched type for result `err`", optional(err, err2, depth));
            }
            case TypeDefKind.Future(WitType p) ->
                ad.kind() instanceof TypeDefKind.Future(WitType q)
                        ? chain("mismatched type for future payload", optional(p, q, depth))
                        : kindMismatch(ed, ad);
            case TypeDefKind.Stream(WitType p) ->
                ad.kind() instanceof TypeDefKind.Stream(WitType q)
                        ? chain("mismatched type for stream payload", optional(p, q, depth))
                        : kindMismatch(ed, ad);
            default -> ed.kind().getClass().equals(ad.kind().getClass()) ? null : kindMismatch(ed, ad);
        };
    }

    private List<String> optional(WitType e, WitType a, int depth) {
        if (e == null && a == null) {
            return null;
        }
        if (e == null || a == null) {
            return List.of(e == null ? "expected no payload, found one" : "expected a payload, found none");
        }
        return compare(e, a, depth + 1);
    }

    private static List<String> labels(String what, List<TypeDefKind.Case> e, List<TypeDefKind.Case> a) {
        if (e.size() != a.size()) {
            return List.of("expected " + e.size() + " " + what + "s, found " + a.size());
        }
        for (int i = 0; i < e.size(); i++) {
            if (!e.get(i).name().equals(a.get(i).name())) {
                return List.of("expected " + what + " " + i + " to be named `"
                        + e.get(i).name() + "`, found name `" + a.get(i).name() + "`");
            }
        }
        return null;
    }

    private static List<String> chain(String head, List<String> rest) {
        return rest == null ? null : prefixed(head, rest);
    }

    private List<String> kindMismatch(TypeDef e, TypeDef a) {
        return List.of("expected " + kindName(e.kind()) + ", found " + kindName(a.kind()));
    }

    private String describe(WitResolve r, WitType t) {
        return switch (t) {
            case WitType.Primitive p -> "`" + p.witName() + "`";
            case TypeId id -> kindName(r.type(r.unalias(id)).kind());
        };
    }

    private static String kindName(TypeDefKind k) {
        return switch (k) {
            case TypeDefKind.Record r -> "record";
            case TypeDefKind.Resource r -> "resource";
            case TypeDefKind.Handle h -> h.borrow() ? "borrow" : "own";
            case TypeDefKind.Flags f -> "flags";
            case TypeDefKind.Tuple t -> "tuple";
            case TypeDefKind.Variant v -> "variant";
            case TypeDefKind.Enum e -> "enum";
            case TypeDefKind.Option o -> "option";
            case TypeDefKind.Result r -> "result";
            case TypeDefKind.ListOf l -> "list";
            case TypeDefKind.FixedList l -> "fixed-length list";
            case TypeDefKind.MapOf m -> "map";
            case TypeDefKind.Future f -> "future";
            case TypeDefKind.Stream s -> "stream";
            case TypeDefKind.Alias a -> "type alias";
            default -> k.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
