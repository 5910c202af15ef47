package dev.wreg.engine.wit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A WIT world, after {@code include}s were merged in: its imports and exports in order. */
public record WitWorld(
        String name,
        PackageId pkg,
        Map<WorldKey, WorldItem> imports,
        Map<WorldKey, WorldItem> exports,
        String docs,
        Stability stability) {
    public WitWorld {
        Objects.requireNonNull(name, "name");
        imports = Collections.unmodifiableMap(new LinkedHashMap<>(imports));
        exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
        Objects.requireNonNull(stability, "stability");
    }
}
