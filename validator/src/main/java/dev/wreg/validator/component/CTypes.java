package dev.wreg.validator.component;

import dev.wreg.engine.binary.PrimitiveType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolved component-level types. Index references are replaced by the types they name, so two
 * definitions can be compared structurally; record, variant, enum and flags types carry the
 * identity of their definition ({@code id}) for the externally-visible-type rule, which
 * structural comparison ignores. Resources are identified by a number unique per validation run.
 */
final class CTypes {
    private CTypes() {}

    /** A value type. {@code size} is the effective type size (wasm-tools' limit is 1,000,000). */
    sealed interface VT {
        long size();
    }

    record Prim(PrimitiveType p) implements VT {
        public long size() {
            return 1;
        }
    }

    record Field(String name, VT type) {}

    record Case(String name, VT type /* nullable */) {}

    record Rec(int id, List<Field> fields, long size) implements VT {}

    record Var(int id, List<Case> cases, long size) implements VT {}

    record Lst(VT element, long size) implements VT {}

    record FixedLst(VT element, int length, long size) implements VT {}

    record Tup(List<VT> types, long size) implements VT {}

    record Flags(int id, List<String> names) implements VT {
        public long size() {
            return 1 + names.size();
        }
    }

    record Enum(int id, List<String> names) implements VT {
        public long size() {
            return 1 + names.size();
        }
    }

    record Opt(VT type, long size) implements VT {}

    record Result(VT ok, VT err, long size) implements VT {}

    record Own(int resource) implements VT {
        public long size() {
            return 1;
        }
    }

    record Borrow(int resource) implements VT {
        public long size() {
            return 1;
        }
    }

    record Stream(VT payload, long size) implements VT {}

    record Future(VT payload, long size) implements VT {}

    record MapT(VT key, VT value, long size) implements VT {}

    record Param(String name, VT type) {}

    record FuncT(boolean async, List<Param> params, VT result, long size) {}

    /** What the type index space holds. */
    sealed interface TypeDef {
        long size();
    }

    record ValDef(VT type) implements TypeDef {
        public long size() {
            return type.size();
        }
    }

    record FuncDef(FuncT func) implements TypeDef {
        public long size() {
            return func.size();
        }
    }

    record ResourceDef(int resource) implements TypeDef {
        public long size() {
            return 1;
        }
    }

    record InstanceDef(InstanceT instance) implements TypeDef {
        public long size() {
            return instance.size();
        }
    }

    record ComponentDef(ComponentT component) implements TypeDef {
        public long size() {
            return component.size();
        }
    }

    /**
     * An instance type: its exports and the abstract resources it defines (fresh for each
     * instance that has this type).
     */
    record InstanceT(Map<String, Entity> exports, Set<Integer> defined, long size) {
        InstanceT {
            exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
            defined = Set.copyOf(defined);
        }
    }

    /**
     * A component type: imports (whose abstract resources are {@code imported}, bound by the
     * instantiation arguments) and exports (whose abstract resources are {@code defined}, fresh
     * for each instance).
     */
    record ComponentT(
            Map<String, Entity> imports,
            Map<String, Entity> exports,
            Set<Integer> imported,
            Set<Integer> defined,
            long size) {
        ComponentT {
            imports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imports));
            exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
            imported = Set.copyOf(imported);
            defined = Set.copyOf(defined);
        }
    }

    /** The type of an imported or exported item. */
    sealed interface Entity {
        long size();
    }

    record FuncE(FuncT func) implements Entity {
        public long size() {
            return func.size();
        }
    }

    record ValueE(VT type) implements Entity {
        public long size() {
            return type.size();
        }
    }

    record TypeE(TypeDef def) implements Entity {
        public long size() {
            return def.size();
        }
    }

    record InstanceE(InstanceT instance) implements Entity {
        public long size() {
            return instance.size();
        }
    }

    record ComponentE(ComponentT component) implements Entity {
        public long size() {
            return component.size();
        }
    }

    record ModuleE(CoreTypes.ModuleType module) implements Entity {
        public long size() {
            return 1 + module.imports().size() + module.exports().size();
        }
    }

    static String describe(Entity e) {
        return switch (e) {
            case FuncE f -> "func";
            case ValueE v -> "value";
            case TypeE t -> "type";
            case InstanceE i -> "instance";
            case ComponentE c -> "component";
            case ModuleE m -> "module";
        };
    }
}
