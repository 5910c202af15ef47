package dev.wreg.composer.encode;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.CompositionGraph;
import dev.wreg.composer.graph.CompositionGraph.Argument;
import dev.wreg.composer.graph.CompositionGraph.GraphExport;
import dev.wreg.composer.graph.CompositionGraph.Instantiation;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.TypeDef;
import dev.wreg.engine.wit.TypeDefKind;
import dev.wreg.engine.wit.TypeId;
import dev.wreg.engine.wit.TypeOwner;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitType;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * wac #141 ("instance not valid to be used as export"): every type an exported interface uses
 * from another interface must stay visible outside the composition — that interface must be
 * exported too (from the same instance), or be an import of the result. Checked before encoding
 * so the refusal names the export, the interface and what to add.
 */
final class ExportVisibility {
    private ExportVisibility() {}

    /** One item the composition exports: export {@code exportName} of instantiation {@code instance}. */
    private record Exported(int instance, String exportName) {}

    static void check(CompositionGraph graph) {
        List<Exported> exported = new ArrayList<>();
        if (graph.exports() == null) {
            LoadedPackage root = graph.packages()
                    .get(graph.instantiations().get(graph.root()).packageIndex());
            for (Export e : root.model().exports()) {
                exported.add(new Exported(graph.root(), e.name().name()));
            }
        } else {
            for (GraphExport e : graph.exports()) {
                if (e.exportName() != null) {
                    exported.add(new Exported(e.instantiation(), e.exportName()));
                }
            }
        }
        for (Exported x : exported) {
            Instantiation inst = graph.instantiations().get(x.instance());
            LoadedPackage pkg = graph.packages().get(inst.packageIndex());
            WitResolve r = pkg.wit().resolve();
            WitWorld world = r.world(pkg.wit().world());
            InterfaceId iface = interfaceNamed(r, world, x.exportName(), true);
            if (iface == null) {
                continue;
            }
            for (InterfaceId used : usedInterfaces(r, iface)) {
                String usedName = r.interfaceId(used);
                if (interfaceNamed(r, world, usedName, true) != null) {
                    if (!exported.contains(new Exported(x.instance(), usedName))) {
                        throw invisible(x.exportName(), usedName, inst.name(), "export `" + usedName + "` too");
                    }
                } else if (interfaceNamed(r, world, usedName, false) != null) {
                    Argument a = inst.arguments().get(usedName);
                    if (a != null
                            && !a.isWholeInstance()
                            && !exported.contains(new Exported(a.instantiation(), a.exportName()))) {
                        throw invisible(
                                x.exportName(),
                                usedName,
                                inst.name(),
                                "export `" + a.exportName() + "` of `"
                                        + graph.instantiations()
                                                .get(a.instantiation())
                                                .name()
                                        + "` too, or leave that import open");
                    }
                }
            }
        }
    }

    private static CompositionException invisible(String export, String used, String instance, String fix) {
        return new CompositionException(
                "invisible-type",
                "export `" + export + "` of `" + instance + "` uses types of `" + used
                        + "`, which would not be visible outside the composition (instance not valid to be used as"
                        + " export); " + fix);
    }

    private static InterfaceId interfaceNamed(WitResolve r, WitWorld w, String name, boolean exports) {
        for (var e : (exports ? w.exports() : w.imports()).entrySet()) {
            if (e.getKey() instanceof WorldKey.Interface k
                    && r.interfaceId(k.id()).equals(name)
                    && e.getValue() instanceof WorldItem.InterfaceItem) {
                return k.id();
            }
        }
        return null;
    }

    /** Interfaces whose types {@code iface} uses ({@code use other.{t}}), excluding itself. */
    private static Set<InterfaceId> usedInterfaces(WitResolve r, InterfaceId iface) {
        Set<InterfaceId> out = new LinkedHashSet<>();
        for (TypeId t : r.iface(iface).types().values()) {
            TypeDef d = r.type(t);
            if (d.kind() instanceof TypeDefKind.Alias(WitType target) && target instanceof TypeId tid) {
                TypeDef owner = r.type(r.unalias(tid));
                if (owner.owner() instanceof TypeOwner.OfInterface(InterfaceId o) && !Objects.equals(o, iface)) {
                    out.add(o);
                }
            }
        }
        return out;
    }
}
