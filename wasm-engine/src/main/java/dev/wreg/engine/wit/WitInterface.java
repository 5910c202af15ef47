package dev.wreg.engine.wit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A WIT interface: named types (including those brought in by {@code use}) and functions, both
 * in declaration order.
 *
 * @param name null for an anonymous interface ({@code import x: interface { .. }})
 * @param pkg the package defining it; null for anonymous interfaces
 */
public record WitInterface(
        String name,
        PackageId pkg,
        Map<String, TypeId> types,
        Map<String, WitFunction> functions,
        String docs,
        Stability stability) {
    public WitInterface {
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        Objects.requireNonNull(stability, "stability");
    }
}
