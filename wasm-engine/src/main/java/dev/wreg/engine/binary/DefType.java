package dev.wreg.engine.binary;

import java.util.List;
import java.util.Optional;

/**
 * A type definition ({@code deftype}): a defined value type, a function type, a component type,
 * an instance type or a resource type.
 */
public sealed interface DefType
        permits DefValType, DefType.Func, DefType.ComponentType, DefType.InstanceType, DefType.Resource {

    /**
     * {@code 0x40} (sync) or {@code 0x43} (async 🔀) function type.
     *
     * @param async whether the function is {@code async}
     * @param params named parameters in order
     * @param result the single result, if any
     */
    record Func(boolean async, List<Param> params, Optional<ValType> result) implements DefType {
        public Func {
            params = List.copyOf(params);
        }
    }

    /** A named parameter. */
    record Param(String name, ValType type) {}

    /** {@code 0x41}: a component type, a list of declarators (imports allowed). */
    record ComponentType(List<TypeDecl> decls) implements DefType {
        public ComponentType {
            decls = List.copyOf(decls);
        }
    }

    /** {@code 0x42}: an instance type, a list of declarators (no imports). */
    record InstanceType(List<TypeDecl> decls) implements DefType {
        public InstanceType {
            decls = List.copyOf(decls);
        }
    }

    /**
     * {@code 0x3f}: a resource type.
     *
     * @param rep the core representation type ({@code i32}; {@code i64} with 🐘)
     * @param destructor the core function index of the destructor, if any
     */
    record Resource(CoreType.ValType rep, Optional<Integer> destructor) implements DefType {}
}
