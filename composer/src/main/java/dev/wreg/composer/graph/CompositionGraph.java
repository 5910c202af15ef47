package dev.wreg.composer.graph;

import dev.wreg.engine.binary.Sort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A composition as a DAG: embedded packages, instantiations in dependency order (every provider
 * before its consumers), and what the result exports. Instantiation arguments not listed become
 * imports of the result under the callee's import name (or the name it is renamed to; see {@link
 * Instantiation#importAs()}), semver-compatible names merged to the highest version by the
 * encoder.
 *
 * @param exports what the result exports; {@code null} means "every export of {@code root}
 *     under its own name" (wac plug's rule)
 */
public record CompositionGraph(
        List<LoadedPackage> packages, List<Instantiation> instantiations, int root, List<GraphExport> exports) {
    public CompositionGraph {
        packages = List.copyOf(packages);
        instantiations = List.copyOf(instantiations);
        exports = exports == null ? null : List.copyOf(exports);
    }

    /** The plug layout: the root's exports are re-exported under their own names. */
    public CompositionGraph(List<LoadedPackage> packages, List<Instantiation> instantiations, int root) {
        this(packages, instantiations, root, null);
    }

    /**
     * One instance of {@code packages[packageIndex]}; arguments keyed by the callee's own import
     * name. {@code importAs} renames imports left open (callee import name → the result's import
     * name), as a plan's {@code import x as "n": …} does.
     */
    public record Instantiation(
            String name, int packageIndex, Map<String, Argument> arguments, Map<String, String> importAs) {
        public Instantiation {
            arguments = Map.copyOf(arguments);
            importAs = Map.copyOf(importAs);
        }

        public Instantiation(String name, int packageIndex, Map<String, Argument> arguments) {
            this(name, packageIndex, arguments, Map.of());
        }
    }

    /**
     * An argument: the export {@code exportName} (of sort {@code sort}) of an earlier
     * instantiation, or, when {@code exportName} is null, that whole instance.
     */
    public record Argument(int instantiation, String exportName, Sort sort) {
        public static Argument wholeInstance(int instantiation) {
            return new Argument(instantiation, null, Sort.INSTANCE);
        }

        public boolean isWholeInstance() {
            return exportName == null;
        }
    }

    /**
     * One export of the result: export {@code exportName} of instantiation {@code instantiation}
     * (the whole instance when null) under the name {@code as}.
     */
    public record GraphExport(int instantiation, String exportName, Sort sort, String as) {
        public GraphExport {
            Objects.requireNonNull(as, "as");
        }
    }

    /** One row of the wiring table: who fills which import with what. */
    public record Wiring(String consumer, String importName, String provider, String providerExport) {
        @Override
        public String toString() {
            return consumer + " " + importName + " <- " + provider + " " + providerExport;
        }
    }
}
