package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.Sort;
import java.util.ArrayList;
import java.util.List;

/** The index spaces of one component (or component/instance type) being evaluated. */
public final class Scope {
    final Scope parent;
    final List<Object> coreFuncs = new ArrayList<>();
    final List<Object> coreTables = new ArrayList<>();
    final List<Object> coreMemories = new ArrayList<>();
    final List<Object> coreGlobals = new ArrayList<>();
    final List<Object> coreTags = new ArrayList<>();
    final List<Object> coreTypes = new ArrayList<>();
    final List<Object> coreModules = new ArrayList<>();
    final List<Object> coreInstances = new ArrayList<>();
    final List<Object> funcs = new ArrayList<>();
    final List<Object> values = new ArrayList<>();
    final List<Object> types = new ArrayList<>();
    final List<Object> components = new ArrayList<>();
    final List<Object> instances = new ArrayList<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    List<Object> space(Sort sort) {
        return switch (sort) {
            case Sort.Core c -> core(c.sort());
            case Sort.Kind k ->
                switch (k) {
                    case FUNC -> funcs;
                    case VALUE -> values;
                    case TYPE -> types;
                    case COMPONENT -> components;
                    case INSTANCE -> instances;
                };
        };
    }

    List<Object> core(CoreSort sort) {
        return switch (sort) {
            case FUNC -> coreFuncs;
            case TABLE -> coreTables;
            case MEMORY -> coreMemories;
            case GLOBAL -> coreGlobals;
            case TAG -> coreTags;
            case TYPE -> coreTypes;
            case MODULE -> coreModules;
            case INSTANCE -> coreInstances;
        };
    }

    static Object get(List<Object> space, int index, String what) {
        if (index < 0 || index >= space.size()) {
            throw new dev.wreg.engine.runtime.LinkException(what + " index " + index + " out of bounds");
        }
        return space.get(index);
    }

    Scope outer(int count) {
        Scope s = this;
        for (int i = 0; i < count; i++) {
            if (s.parent == null) {
                throw new dev.wreg.engine.runtime.LinkException("outer alias count " + count + " out of bounds");
            }
            s = s.parent;
        }
        return s;
    }
}
