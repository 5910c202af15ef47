package dev.wreg.composer.plan;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.plug.InterfaceNames;
import dev.wreg.composer.types.WitSubtype;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldId;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import dev.wreg.engine.wit.component.ComponentWit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code package … targets ns:pkg/world;}: the result may import only what the world imports
 * (semver-compatible names match, the world's import must fit the result's) and must export
 * everything the world exports (the result's export must fit the world's), with wac's wording.
 */
public final class TargetWorld {
    private TargetWorld() {}

    /** Checks the result, whose WIT {@code result} gives (or throws what extracting it threw). */
    public static void check(String target, PackageResolver resolver, Supplier<ComponentWit.Decoded> result) {
        int slash = target.indexOf('/');
        String pkg = target.substring(0, slash);
        String rest = target.substring(slash + 1);
        int at = rest.indexOf('@');
        String worldName = at < 0 ? rest : rest.substring(0, at);
        String requirement = at < 0 ? null : rest.substring(at + 1);
        ComponentWit.Decoded def;
        try {
            def = ComponentWit.decode(resolver.resolve(pkg, requirement).bytes());
        } catch (CompositionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CompositionException(
                    "target-invalid", "failed to parse package `" + pkg + "`: " + e.getMessage());
        }
        WitResolve wr = def.resolve();
        WorldId wid = wr.pkg(def.main()).worlds().get(worldName);
        if (!def.isWitPackage() || wid == null) {
            throw new CompositionException(
                    "target-invalid", "package `" + pkg + "` does not define a world named `" + worldName + "`");
        }
        WitWorld world = wr.world(wid);
        ComponentWit.Decoded got = result.get();
        WitResolve rr = got.resolve();
        WitWorld mine = rr.world(got.world());
        for (var e : mine.imports().entrySet()) {
            String name = name(rr, e.getKey());
            if (e.getValue() instanceof WorldItem.TypeItem) {
                continue;
            }
            var match = find(wr, world.imports(), name);
            if (match.isEmpty()) {
                throw mismatch("target world `" + worldName + "` does not have an import named `" + name + "`");
            }
            // the host provides the world's import to the result: it must fit the result's import
            compare(new WitSubtype(rr, wr), e.getValue(), match.get()).ifPresent(chain -> {
                throw mismatch("import `" + name + "` has a mismatched type for target world `" + worldName + "`: "
                        + String.join(": ", chain));
            });
        }
        for (var e : world.exports().entrySet()) {
            String name = name(wr, e.getKey());
            var match = find(rr, mine.exports(), name);
            if (match.isEmpty()) {
                throw mismatch("target world `" + worldName + "` requires an export named `" + name + "`");
            }
            compare(new WitSubtype(wr, rr), e.getValue(), match.get()).ifPresent(chain -> {
                throw mismatch("export `" + name + "` has a mismatched type for target world `" + worldName + "`: "
                        + String.join(": ", chain));
            });
        }
    }

    private static CompositionException mismatch(String message) {
        return new CompositionException("target-mismatch", message);
    }

    private static String name(WitResolve r, WorldKey k) {
        return switch (k) {
            case WorldKey.Name n -> n.name();
            case WorldKey.Interface i -> r.interfaceId(i.id());
        };
    }

    /** The item named {@code name}, else the highest semver-compatible one. */
    private static Optional<WorldItem> find(WitResolve r, Map<WorldKey, WorldItem> items, String name) {
        WorldItem best = null;
        String bestName = null;
        for (var e : items.entrySet()) {
            String n = name(r, e.getKey());
            if (n.equals(name)) {
                return Optional.of(e.getValue());
            }
            if (InterfaceNames.compatible(n, name)
                    && (bestName == null || InterfaceNames.compareVersions(n, bestName) > 0)) {
                best = e.getValue();
                bestName = n;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<List<String>> compare(WitSubtype check, WorldItem expected, WorldItem actual) {
        return switch (expected) {
            case WorldItem.InterfaceItem ei ->
                actual instanceof WorldItem.InterfaceItem ai
                        ? check.checkInterface(ei.id(), ai.id())
                        : Optional.of(List.of("expected instance, found function"));
            case WorldItem.FunctionItem ef ->
                actual instanceof WorldItem.FunctionItem af
                        ? check.checkFunction(ef.function(), af.function())
                        : Optional.of(List.of("expected function, found instance"));
            case WorldItem.TypeItem t -> Optional.empty();
        };
    }
}
