package dev.wreg.composer.graph;

import dev.wreg.engine.binary.Sort;
import java.util.List;
import java.util.Map;

/**
 * A composition as a DAG: embedded packages, instantiations in dependency order (every provider
 * before its consumers), and the instantiation whose exports become the result's exports.
 * Instantiation arguments not listed become imports of the result under the callee's import name
 * (semver-compatible names merged to the highest version by the encoder).
 */
public record CompositionGraph(List<LoadedPackage> packages, List<Instantiation> instantiations, int root) {
    public CompositionGraph {
        packages = List.copyOf(packages);
        instantiations = List.copyOf(instantiations);
    }

    /** One instance of {@code packages[packageIndex]}; arguments keyed by the callee's own import name. */
    public record Instantiation(String name, int packageIndex, Map<String, Argument> arguments) {
        public Instantiation {
            arguments = Map.copyOf(arguments);
        }
    }

    /** An argument: the export {@code exportName} (of sort {@code sort}) of an earlier instantiation. */
    public record Argument(int instantiation, String exportName, Sort sort) {}

    /** One row of the wiring table: who fills which import with what. */
    public record Wiring(String consumer, String importName, String provider, String providerExport) {
        @Override
        public String toString() {
            return consumer + " " + importName + " <- " + provider + " " + providerExport;
        }
    }
}
