package dev.wreg.validator.component;

import dev.wreg.engine.binary.CoreType;
import dev.wreg.validator.component.ComponentTypes.ComponentType;
import dev.wreg.validator.component.ComponentTypes.Entity;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.InstanceType;
import dev.wreg.validator.component.ComponentTypes.ResourceDefinition;
import dev.wreg.validator.component.ComponentTypes.TypeDefinition;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The index spaces of one component, component type or instance type (Explainer.md, "Index
 * spaces"), plus what the rules need to remember while its sections are checked: names taken,
 * resources defined locally, imported and exported, and which values were used.
 */
final class Scope {
    enum Kind {
        COMPONENT,
        COMPONENT_TYPE,
        INSTANCE_TYPE
    }

    final Scope parent;
    final Kind kind;
    final List<FuncType> funcs = new ArrayList<>();
    final List<ValueType> values = new ArrayList<>();
    final List<Boolean> valueUsed = new ArrayList<>();
    final List<TypeDefinition> types = new ArrayList<>();
    final List<ComponentType> components = new ArrayList<>();
    final List<InstanceType> instances = new ArrayList<>();
    final List<CoreTypes.FuncType> coreFuncs = new ArrayList<>();
    final List<CoreTypes.Extern> tables = new ArrayList<>();
    final List<CoreTypes.Extern> memories = new ArrayList<>();
    final List<CoreTypes.Extern> globals = new ArrayList<>();
    final List<CoreTypes.Extern> tags = new ArrayList<>();
    final List<Object> coreTypes = new ArrayList<>();
    /** The decoded form of each core type (null for module types), for cm-gc lowering checks. */
    final Map<Integer, CoreType.SubType> rawCoreTypes = new HashMap<>();

    final List<CoreTypes.ModuleType> modules = new ArrayList<>();
    final List<Map<String, CoreTypes.Extern>> coreInstances = new ArrayList<>();
    final Set<Integer> localResources = new HashSet<>();
    final Map<String, String> importKeys = new HashMap<>();
    final Map<String, String> exportKeys = new HashMap<>();
    final LinkedHashMap<String, Entity> imports = new LinkedHashMap<>();
    final LinkedHashMap<String, Entity> exports = new LinkedHashMap<>();
    final Set<Integer> importedResources = new LinkedHashSet<>();
    final Set<Integer> definedResources = new LinkedHashSet<>();
    final Set<Integer> importedNamed = new HashSet<>();
    final Set<Integer> exportedNamed = new HashSet<>();
    /** Resource names are looked up among imports for imports and among exports for exports. */
    final ResourceNames importNames = new ResourceNames();

    final ResourceNames exportNames = new ResourceNames();
    boolean hasStart;
    String contextType;

    Scope(Scope parent, Kind kind) {
        this.parent = parent;
        this.kind = kind;
    }

    /** The item at {@code index} of one index space, or the verdict wasm-tools gives for a bad index. */
    static <T> T at(List<T> list, int index, String what) {
        if (index < 0 || index >= list.size()) {
            throw new ComponentInvalid("unknown " + what + " " + index + ": " + what + " index out of bounds");
        }
        return list.get(index);
    }

    /** The core function type at {@code index} of the core type space. */
    CoreTypes.FuncType coreFuncType(int index) {
        if (index < 0 || index >= coreTypes.size()) {
            throw new ComponentInvalid("unknown type " + index + ": type index out of bounds");
        }
        if (coreTypes.get(index) instanceof CoreTypes.FuncType f) {
            return f;
        }
        throw new ComponentInvalid("type index " + index + " is not a function type");
    }

    /** The resource the type at {@code index} defines. */
    int resource(int index) {
        TypeDefinition d = at(types, index, "type");
        if (d instanceof ResourceDefinition r) {
            return r.resource();
        }
        throw new ComponentInvalid("type index " + index + " is not a resource type");
    }

    /** The resources named so far in one naming context, and all their names. */
    static final class ResourceNames {
        final Map<Integer, String> byResource = new HashMap<>();
        final Set<String> all = new HashSet<>();
    }
}
