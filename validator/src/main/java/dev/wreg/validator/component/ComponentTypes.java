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
final class ComponentTypes {
    private ComponentTypes() {}

    /** wasm-tools' limit on the effective size of any one type. */
    static final long MAX_TYPE_SIZE = 1_000_000;

    /** {@code a + b}, refused beyond {@link #MAX_TYPE_SIZE}. */
    static long addSize(long a, long b) {
        long r = a + b;
        if (r > MAX_TYPE_SIZE) {
            throw new ComponentInvalid("effective type size exceeds the limit of " + MAX_TYPE_SIZE);
        }
        return r;
    }

    /** A value type. {@code size} is the effective type size (wasm-tools' limit is 1,000,000). */
    sealed interface ValueType {
        long size();
    }

    record Primitive(PrimitiveType p) implements ValueType {
        public long size() {
            return 1;
        }
    }

    record Field(String name, ValueType type) {}

    record Case(String name, ValueType type /* nullable */) {}

    record RecordType(int id, List<Field> fields, long size) implements ValueType {}

    record VariantType(int id, List<Case> cases, long size) implements ValueType {}

    record ListType(ValueType element, long size) implements ValueType {}

    record FixedListType(ValueType element, int length, long size) implements ValueType {}

    record TupleType(List<ValueType> types, long size) implements ValueType {}

    record FlagsType(int id, List<String> names) implements ValueType {
        public long size() {
            return 1 + names.size();
        }
    }

    record EnumType(int id, List<String> names) implements ValueType {
        public long size() {
            return 1 + names.size();
        }
    }

    record OptionType(ValueType type, long size) implements ValueType {}

    record ResultType(ValueType ok, ValueType err, long size) implements ValueType {}

    record OwnType(int resource) implements ValueType {
        public long size() {
            return 1;
        }
    }

    record BorrowType(int resource) implements ValueType {
        public long size() {
            return 1;
        }
    }

    record StreamType(ValueType payload, long size) implements ValueType {}

    record FutureType(ValueType payload, long size) implements ValueType {}

    record MapType(ValueType key, ValueType value, long size) implements ValueType {}

    record Param(String name, ValueType type) {}

    record FuncType(boolean async, List<Param> params, ValueType result, long size) {}

    /** What the type index space holds. */
    sealed interface TypeDefinition {
        long size();
    }

    record ValueTypeDefinition(ValueType type) implements TypeDefinition {
        public long size() {
            return type.size();
        }
    }

    record FuncTypeDefinition(FuncType func) implements TypeDefinition {
        public long size() {
            return func.size();
        }
    }

    record ResourceDefinition(int resource) implements TypeDefinition {
        public long size() {
            return 1;
        }
    }

    record InstanceTypeDefinition(InstanceType instance) implements TypeDefinition {
        public long size() {
            return instance.size();
        }
    }

    record ComponentTypeDefinition(ComponentType component) implements TypeDefinition {
        public long size() {
            return component.size();
        }
    }

    /**
     * An instance type: its exports and the abstract resources it defines (fresh for each
     * instance that has this type).
     */
    record InstanceType(Map<String, Entity> exports, Set<Integer> defined, long size) {
        InstanceType {
            exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
            defined = Set.copyOf(defined);
        }
    }

    /**
     * A component type: imports (whose abstract resources are {@code imported}, bound by the
     * instantiation arguments) and exports (whose abstract resources are {@code defined}, fresh
     * for each instance).
     */
    record ComponentType(
            Map<String, Entity> imports,
            Map<String, Entity> exports,
            Set<Integer> imported,
            Set<Integer> defined,
            long size) {
        ComponentType {
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

    record FuncEntity(FuncType func) implements Entity {
        public long size() {
            return func.size();
        }
    }

    record ValueEntity(ValueType type) implements Entity {
        public long size() {
            return type.size();
        }
    }

    record TypeEntity(TypeDefinition def) implements Entity {
        public long size() {
            return def.size();
        }
    }

    record InstanceEntity(InstanceType instance) implements Entity {
        public long size() {
            return instance.size();
        }
    }

    record ComponentEntity(ComponentType component) implements Entity {
        public long size() {
            return component.size();
        }
    }

    record ModuleEntity(CoreTypes.ModuleType module) implements Entity {
        public long size() {
            return 1 + module.imports().size() + module.exports().size();
        }
    }

    static String describe(Entity e) {
        return switch (e) {
            case FuncEntity f -> "func";
            case ValueEntity v -> "value";
            case TypeEntity t -> "type";
            case InstanceEntity i -> "instance";
            case ComponentEntity c -> "component";
            case ModuleEntity m -> "module";
        };
    }
}
