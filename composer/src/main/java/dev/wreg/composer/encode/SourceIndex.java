package dev.wreg.composer.encode;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each top-level type and instance index of a package comes from, so an import's type can
 * be copied into the composition with its dependencies (aliases of earlier imported instances,
 * imported types) and nothing else.
 */
final class SourceIndex {
    sealed interface TypeOrigin {
        record Defined(DefType type) implements TypeOrigin {}

        record ExportAlias(int instance, String name) implements TypeOrigin {}

        record Imported(String importName) implements TypeOrigin {}

        record Reexported(int type) implements TypeOrigin {}

        record Other(String what) implements TypeOrigin {}
    }

    sealed interface InstanceOrigin {
        record Imported(String importName) implements InstanceOrigin {}

        record Local() implements InstanceOrigin {}
    }

    final List<TypeOrigin> types = new ArrayList<>();
    final List<InstanceOrigin> instances = new ArrayList<>();

    SourceIndex(Component c) {
        for (Section s : c.sections()) {
            switch (s) {
                case Section.Types t -> t.types().forEach(d -> types.add(new TypeOrigin.Defined(d)));
                case Section.Imports im -> {
                    for (Import i : im.imports()) {
                        switch (i.type()) {
                            case ExternType.Type t ->
                                types.add(new TypeOrigin.Imported(i.name().name()));
                            case ExternType.Instance t ->
                                instances.add(
                                        new InstanceOrigin.Imported(i.name().name()));
                            default -> {}
                        }
                    }
                }
                case Section.Aliases as -> {
                    for (Alias a : as.aliases()) {
                        if (a.sort().equals(Sort.TYPE)) {
                            types.add(
                                    a instanceof Alias.InstanceExport ie
                                            ? new TypeOrigin.ExportAlias(ie.instanceIndex(), ie.name())
                                            : new TypeOrigin.Other("outer alias"));
                        } else if (a.sort().equals(Sort.INSTANCE)) {
                            instances.add(new InstanceOrigin.Local());
                        }
                    }
                }
                case Section.Instances is -> is.instances().forEach(x -> instances.add(new InstanceOrigin.Local()));
                case Section.Exports ex -> {
                    for (Export e : ex.exports()) {
                        if (e.item().sort().equals(Sort.TYPE)) {
                            types.add(new TypeOrigin.Reexported(e.item().index()));
                        } else if (e.item().sort().equals(Sort.INSTANCE)) {
                            instances.add(new InstanceOrigin.Local());
                        }
                    }
                }
                default -> {}
            }
        }
    }
}
