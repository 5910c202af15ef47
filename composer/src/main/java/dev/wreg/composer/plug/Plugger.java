package dev.wreg.composer.plug;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.CompositionGraph;
import dev.wreg.composer.graph.CompositionGraph.Argument;
import dev.wreg.composer.graph.CompositionGraph.Instantiation;
import dev.wreg.composer.graph.CompositionGraph.Wiring;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.types.WitSubtype;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * wac's {@code plug}, made deterministic and explicit. Positions: 0 is the socket, 1..n the plugs
 * in the order given. An import is matched by exact name, then by semver track (the highest
 * compatible version a plug exports), then checked by subtyping; a mismatch is an error with its
 * chain rather than a silent skip.
 *
 * <p>Without {@code transitive}, only the socket's imports are filled, and two plugs that both
 * fit one import are refused, naming both. With {@code transitive}, every instantiated node's
 * imports are filled from the plugs after it in the list (the first that fits), so chains are
 * written socket-first ({@code socket, exclaim, exclaim, upper}) and cycles cannot form; a plug
 * that ends up unused is refused. Imports nobody fills become imports of the result.
 */
public final class Plugger {
    private Plugger() {}

    /** The graph plus the wiring table and any plugs that matched nothing. */
    public record Plan(CompositionGraph graph, List<Wiring> wiring, List<String> unusedPlugs) {}

    public static Plan plug(LoadedPackage socket, List<LoadedPackage> plugs, boolean transitive) {
        if (plugs.isEmpty()) {
            throw new CompositionException("no-plugs", "at least one plug is required");
        }
        List<LoadedPackage> nodes = new ArrayList<>();
        nodes.add(socket);
        nodes.addAll(plugs);
        List<String> names = nodeNames(nodes);
        List<Map<String, Match>> args = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            args.add(new LinkedHashMap<>());
        }
        boolean[] used = new boolean[nodes.size()];
        used[0] = true;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        while (!queue.isEmpty()) {
            int consumer = queue.poll();
            LoadedPackage c = nodes.get(consumer);
            for (Import imp : c.model().imports()) {
                String importName = imp.name().name();
                List<Match> fits = new ArrayList<>();
                for (int p = consumer + 1; p < nodes.size(); p++) {
                    if (consumer != 0 && !transitive) {
                        break;
                    }
                    findExport(p, nodes.get(p), imp).ifPresent(fits::add);
                    if (transitive && !fits.isEmpty()) {
                        break;
                    }
                }
                if (fits.isEmpty()) {
                    continue;
                }
                if (fits.size() > 1) {
                    throw new CompositionException(
                            "ambiguous-plug",
                            "import `" + importName + "` of `" + names.get(consumer) + "` is provided by both `"
                                    + names.get(fits.get(0).provider) + "` and `" + names.get(fits.get(1).provider)
                                    + "`; pass only one of them (or chain them with --transitive)");
                }
                Match m = fits.getFirst();
                LoadedPackage provider = nodes.get(m.provider);
                checkTypes(c, importName, provider, m.exportName).ifPresent(chain -> {
                    throw new CompositionException(
                            "type-mismatch",
                            "plug `" + names.get(m.provider) + "` export `" + m.exportName
                                    + "` does not fit import `" + importName + "` of `"
                                    + names.get(consumer) + "`: mismatched instantiation argument `"
                                    + importName + "`: " + String.join(": ", chain));
                });
                args.get(consumer).put(importName, m);
                if (!used[m.provider]) {
                    used[m.provider] = true;
                    queue.add(m.provider);
                }
            }
            if (consumer == 0 && args.get(0).isEmpty()) {
                throw new CompositionException(
                        "no-matching-imports",
                        "the socket component had no matching imports for the plugs that were provided");
            }
        }
        List<String> unused = new ArrayList<>();
        for (int p = 1; p < nodes.size(); p++) {
            if (!used[p]) {
                unused.add(names.get(p));
            }
        }
        if (transitive && !unused.isEmpty()) {
            throw new CompositionException(
                    "unused-plug",
                    "plug `" + unused.getFirst() + "` fills no import of the socket or of a plug before it");
        }
        return build(nodes, names, args, used, unused);
    }

    private static Plan build(
            List<LoadedPackage> nodes,
            List<String> names,
            List<Map<String, Match>> args,
            boolean[] used,
            List<String> unused) {
        // Each distinct package (by digest) is embedded once, however often it is instantiated.
        List<LoadedPackage> packages = new ArrayList<>();
        Map<String, Integer> packageByDigest = new HashMap<>();
        // Providers always sit after their consumers, so instantiating from the back is a topological order.
        Map<Integer, Integer> instanceOf = new HashMap<>();
        List<Instantiation> instantiations = new ArrayList<>();
        List<Wiring> wiring = new ArrayList<>();
        for (int pos = nodes.size() - 1; pos >= 0; pos--) {
            if (!used[pos]) {
                continue;
            }
            LoadedPackage pkg = nodes.get(pos);
            int pkgIndex = packageByDigest.computeIfAbsent(pkg.digest(), d -> {
                packages.add(pkg);
                return packages.size() - 1;
            });
            Map<String, Argument> arguments = new LinkedHashMap<>();
            List<Wiring> rows = new ArrayList<>();
            for (var e : args.get(pos).entrySet()) {
                Match m = e.getValue();
                arguments.put(e.getKey(), new Argument(instanceOf.get(m.provider), m.exportName, m.sort));
                rows.add(new Wiring(names.get(pos), e.getKey(), names.get(m.provider), m.exportName));
            }
            wiring.addAll(0, rows); // socket first, each consumer's imports in declaration order
            instanceOf.put(pos, instantiations.size());
            instantiations.add(new Instantiation(names.get(pos), pkgIndex, arguments));
        }
        CompositionGraph graph = new CompositionGraph(packages, instantiations, instanceOf.get(0));
        return new Plan(graph, List.copyOf(wiring), List.copyOf(unused));
    }

    private record Match(int provider, String exportName, Sort sort) {}

    /** The export of {@code pkg} that could fill {@code imp}: exact name first, else the highest on its track. */
    private static Optional<Match> findExport(int position, LoadedPackage pkg, Import imp) {
        String want = imp.name().name();
        Sort wantSort = sortOf(imp.type());
        if (wantSort == null) {
            return Optional.empty();
        }
        Export best = null;
        for (Export e : pkg.model().exports()) {
            if (!e.item().sort().equals(wantSort)) {
                continue;
            }
            String n = e.name().name();
            if (n.equals(want)) {
                best = e;
                break;
            }
            if (InterfaceNames.compatible(want, n)
                    && (best == null
                            || InterfaceNames.compareVersions(n, best.name().name()) > 0)) {
                best = e;
            }
        }
        return Optional.ofNullable(best).map(e -> new Match(position, e.name().name(), wantSort));
    }

    private static Sort sortOf(ExternType t) {
        return switch (t) {
            case ExternType.Instance i -> Sort.INSTANCE;
            case ExternType.Func f -> Sort.FUNC;
            default -> null;
        };
    }

    /** Type-checks through the WIT of both sides; empty when it fits, otherwise wac's chain. */
    public static Optional<List<String>> checkTypes(
            LoadedPackage consumer, String importName, LoadedPackage provider, String exportName) {
        WitResolve er = consumer.wit().resolve();
        WitResolve ar = provider.wit().resolve();
        WorldItem want = item(er, er.world(consumer.wit().world()).imports(), importName);
        WorldItem have = item(ar, ar.world(provider.wit().world()).exports(), exportName);
        return compareItems(er, ar, want, have, importName, exportName);
    }

    private static Optional<List<String>> compareItems(
            WitResolve er, WitResolve ar, WorldItem want, WorldItem have, String importName, String exportName) {
        if (want == null || have == null) {
            return Optional.of(List.of("cannot find the WIT of `" + (want == null ? importName : exportName) + "`"));
        }
        WitSubtype check = new WitSubtype(er, ar);
        return switch (want) {
            case WorldItem.InterfaceItem wi ->
                have instanceof WorldItem.InterfaceItem hi
                        ? check.checkInterface(wi.id(), hi.id())
                        : Optional.of(List.of("expected instance, found function"));
            case WorldItem.FunctionItem wf ->
                have instanceof WorldItem.FunctionItem hf
                        ? check.checkFunction(wf.function(), hf.function())
                        : Optional.of(List.of("expected function, found instance"));
            case WorldItem.TypeItem t -> Optional.empty();
        };
    }

    /**
     * Checks that two declarations of one import can be merged into their union: for instances,
     * every export both declare must agree (each may declare exports the other lacks); for
     * functions, the two must be equal.
     */
    public static Optional<List<String>> checkImportsAgree(
            LoadedPackage aPkg, String aName, LoadedPackage bPkg, String bName) {
        WitResolve ar = aPkg.wit().resolve();
        WitResolve br = bPkg.wit().resolve();
        WorldItem a = item(ar, ar.world(aPkg.wit().world()).imports(), aName);
        WorldItem b = item(br, br.world(bPkg.wit().world()).imports(), bName);
        if (a instanceof WorldItem.InterfaceItem ai && b instanceof WorldItem.InterfaceItem bi) {
            return new WitSubtype(ar, br).checkShared(ai.id(), bi.id());
        }
        return compareItems(ar, br, a, b, aName, bName);
    }

    /**
     * Checks that a whole instance of {@code provider} (its world's function exports) can fill the
     * instance import {@code importName} of {@code consumer}: every function the import expects
     * must be exported with the same type.
     */
    public static Optional<List<String>> checkWholeInstance(
            LoadedPackage consumer, String importName, LoadedPackage provider) {
        WitResolve er = consumer.wit().resolve();
        WitResolve ar = provider.wit().resolve();
        WorldItem want = item(er, er.world(consumer.wit().world()).imports(), importName);
        if (!(want instanceof WorldItem.InterfaceItem wi)) {
            return Optional.of(
                    List.of("expected " + (want == null ? "a known import" : "function") + ", found instance"));
        }
        Map<WorldKey, WorldItem> exports = ar.world(provider.wit().world()).exports();
        WitSubtype check = new WitSubtype(er, ar);
        for (var f : er.iface(wi.id()).functions().entrySet()) {
            WorldItem have = item(ar, exports, f.getKey());
            if (!(have instanceof WorldItem.FunctionItem hf)) {
                return Optional.of(List.of("instance is missing expected function export `" + f.getKey() + "`"));
            }
            Optional<List<String>> chain = check.checkFunction(f.getValue(), hf.function());
            if (chain.isPresent()) {
                List<String> out = new ArrayList<>();
                out.add("mismatched type for export `" + f.getKey() + "`");
                out.addAll(chain.get());
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    static WorldItem item(WitResolve r, Map<WorldKey, WorldItem> items, String name) {
        for (var e : items.entrySet()) {
            String key = switch (e.getKey()) {
                case WorldKey.Name n -> n.name();
                case WorldKey.Interface i -> r.interfaceId(i.id());
            };
            if (name.equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<String> nodeNames(List<LoadedPackage> nodes) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        out.add("socket");
        for (int i = 1; i < nodes.size(); i++) {
            String base = "plug:" + nodes.get(i).name();
            int n = seen.merge(base, 1, Integer::sum);
            out.add(n == 1 ? base : base + "-" + n);
        }
        return out;
    }

    /** For tests and reports: the WIT world of a package. */
    static WitWorld world(LoadedPackage p) {
        return p.wit().resolve().world(p.wit().world());
    }
}
