package dev.wreg.engine.wit;

import java.util.List;
import java.util.Objects;

/**
 * A WIT function. {@code name} is the component-level name: {@code f}, {@code [method]r.f},
 * {@code [static]r.f}, {@code [constructor]r}; an async function has the same name as a sync one
 * (async is a property of its type).
 *
 * @param resource the resource of a method, static or constructor; null for freestanding functions
 * @param result null when the function returns nothing
 */
public record WitFunction(
        String name,
        Kind kind,
        boolean async,
        TypeId resource,
        List<Param> params,
        WitType result,
        String docs,
        Stability stability) {

    public enum Kind {
        FREESTANDING,
        METHOD,
        STATIC,
        CONSTRUCTOR
    }

    /** A named parameter. */
    public record Param(String name, WitType type) {}

    public WitFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        params = List.copyOf(params);
        Objects.requireNonNull(stability, "stability");
        if ((kind == Kind.FREESTANDING) != (resource == null)) {
            throw new IllegalArgumentException("resource must be set exactly for resource functions");
        }
    }

    /** The name as written in WIT: {@code f} for {@code [method]r.f}, {@code constructor}. */
    public String itemName() {
        return switch (kind) {
            case FREESTANDING -> name;
            case METHOD, STATIC -> name.substring(name.indexOf('.') + 1);
            case CONSTRUCTOR -> "constructor";
        };
    }

    /** The component-level name of a function, from its kind and WIT names. */
    public static String componentName(Kind kind, boolean async, String resourceName, String itemName) {
        return switch (kind) {
            case FREESTANDING -> itemName;
            case METHOD -> "[method]" + resourceName + "." + itemName;
            case STATIC -> "[static]" + resourceName + "." + itemName;
            case CONSTRUCTOR -> "[constructor]" + resourceName;
        };
    }

    public WitFunction withDocs(String newDocs, Stability newStability) {
        return new WitFunction(name, kind, async, resource, params, result, newDocs, newStability);
    }
}
