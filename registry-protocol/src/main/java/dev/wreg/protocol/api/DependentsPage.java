package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An answer of {@code GET /v1/packages/{pkg}/dependents}: the releases whose imports the exports
 * of one release of {@code pkg} satisfy (same interface, same semver track, an interface version
 * no newer than the one exported), by package name, newest release first.
 *
 * @param version the release of {@code pkg} whose exports were used
 * @param exports its exports, as {@code ns:pkg/iface@version}
 */
public record DependentsPage(
        @JsonProperty("package") String pkg,
        String version,
        List<String> exports,
        List<Dependent> dependents,
        int page,
        int perPage,
        long total) {

    public DependentsPage {
        exports = List.copyOf(exports);
        dependents = List.copyOf(dependents);
    }
}
