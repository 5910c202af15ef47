package dev.wreg.engine.wit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A WIT package: its interfaces and worlds by name, in declaration order. */
public record WitPackage(
        WitPackageName name, String docs, Map<String, InterfaceId> interfaces, Map<String, WorldId> worlds) {
    public WitPackage {
        Objects.requireNonNull(name, "name");
        interfaces = Collections.unmodifiableMap(new LinkedHashMap<>(interfaces));
        worlds = Collections.unmodifiableMap(new LinkedHashMap<>(worlds));
    }
}
