package dev.wreg.engine.binary;

import java.util.List;
import java.util.Optional;

/**
 * One section of a component (Binary.md, "Component Definitions"). The records mirror the section
 * ids 0 to 12; a section that holds a vector holds its items in order.
 */
public sealed interface Section {

    /** The section id byte. */
    default int id() {
        return switch (this) {
            case Custom c -> 0;
            case CoreModuleSection m -> 1;
            case CoreInstances i -> 2;
            case CoreTypes t -> 3;
            case NestedComponent c -> 4;
            case Instances i -> 5;
            case Aliases a -> 6;
            case Types t -> 7;
            case Canons c -> 8;
            case Start s -> 9;
            case Imports i -> 10;
            case Exports e -> 11;
            case Values v -> 12;
        };
    }

    /**
     * Section 0: a custom section, kept as raw bytes. {@link #componentNames()} and {@link
     * #producers()} parse the two well-known ones on demand (a bad name section never fails
     * decoding, as the spec asks).
     */
    record Custom(String name, Bytes data) implements Section {
        /** The {@code component-name} section's content, if this is one and it parses. */
        public Optional<ComponentNames> componentNames() {
            return name.equals(ComponentNames.SECTION_NAME) ? ComponentNames.parse(data) : Optional.empty();
        }

        /** The {@code producers} section's content, if this is one and it parses. */
        public Optional<Producers> producers() {
            return name.equals(Producers.SECTION_NAME) ? Producers.parse(data) : Optional.empty();
        }
    }

    /** Section 1: an embedded core module (its exact bytes). */
    record CoreModuleSection(CoreModule module) implements Section {}

    /** Section 2: core instances. */
    record CoreInstances(List<CoreInstance> instances) implements Section {
        public CoreInstances {
            instances = List.copyOf(instances);
        }
    }

    /** Section 3: core types (rec groups and module types). */
    record CoreTypes(List<CoreType> types) implements Section {
        public CoreTypes {
            types = List.copyOf(types);
        }
    }

    /** Section 4: a nested component. */
    record NestedComponent(Component component) implements Section {}

    /** Section 5: component instances. */
    record Instances(List<Instance> instances) implements Section {
        public Instances {
            instances = List.copyOf(instances);
        }
    }

    /** Section 6: aliases. */
    record Aliases(List<Alias> aliases) implements Section {
        public Aliases {
            aliases = List.copyOf(aliases);
        }
    }

    /** Section 7: type definitions. */
    record Types(List<DefType> types) implements Section {
        public Types {
            types = List.copyOf(types);
        }
    }

    /** Section 8: canonical definitions (lift, lower and the built-ins). */
    record Canons(List<Canon> canons) implements Section {
        public Canons {
            canons = List.copyOf(canons);
        }
    }

    /** Section 9 (🪙): a start function. */
    record Start(int funcIndex, List<Integer> args, int results) implements Section {
        public Start {
            args = List.copyOf(args);
        }
    }

    /** Section 10: imports. */
    record Imports(List<Import> imports) implements Section {
        public Imports {
            imports = List.copyOf(imports);
        }
    }

    /** Section 11: exports. */
    record Exports(List<Export> exports) implements Section {
        public Exports {
            exports = List.copyOf(exports);
        }
    }

    /**
     * Section 12 (🪙): value definitions. The value's bytes are kept as they are, since decoding
     * them needs the resolved type.
     */
    record Values(List<Value> values) implements Section {
        public Values {
            values = List.copyOf(values);
        }
    }

    /** A value definition: its type and the encoded value ({@code val(t)}, without the length). */
    record Value(ValType type, Bytes encoded) {}
}
