package dev.wreg.validator.component;

import java.util.HashMap;
import java.util.Map;

/**
 * The identities one validation run hands out: record, variant, enum and flags definitions and
 * resources are numbered from one counter, so a substitution map can hold both. Resources also
 * carry their representation ({@code i32} or {@code i64}) and, for an exported resource, the
 * resource it aliases.
 */
final class TypeIdentities {
    private int next = 1;
    private final Map<Integer, String> resourceRep = new HashMap<>();
    /**
     * Exporting a resource gives it a fresh alias identity (wasm-tools' "created" type): uses of
     * the new index name the export, uses of the old one do not. Everything else (subtyping,
     * representation, locality, substitution) sees through an alias to the resource itself.
     */
    private final Map<Integer, Integer> resourceAliasOf = new HashMap<>();

    int fresh() {
        return next++;
    }

    /** A new resource represented by {@code rep}. */
    int freshResource(String rep) {
        int id = fresh();
        resourceRep.put(id, rep);
        return id;
    }

    /** A new resource with the representation of {@code like} (a fresh copy of an abstract one). */
    int freshResourceLike(int like) {
        return freshResource(rep(like));
    }

    /** The core type a resource is represented by. */
    String rep(int resource) {
        return resourceRep.getOrDefault(resource, "i32");
    }

    /** The resource an alias (or a resource itself) stands for. */
    int baseResource(int r) {
        Integer b;
        while ((b = resourceAliasOf.get(r)) != null) {
            r = b;
        }
        return r;
    }

    /** A fresh alias identity for {@code r}, as exporting it creates. */
    int aliasResource(int r) {
        int a = fresh();
        resourceAliasOf.put(a, r);
        resourceRep.put(a, resourceRep.getOrDefault(baseResource(r), "i32"));
        return a;
    }
}
