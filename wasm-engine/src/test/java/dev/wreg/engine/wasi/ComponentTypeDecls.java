package dev.wreg.engine.wasi;

import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Short names for the declarations the hand-assembled WASI fixtures write into their instance
 * types ({@link HttpComponents}, {@link P3Components}, …), so that each fixture reads as the WIT it
 * stands for.
 */
final class ComponentTypeDecls {
    private ComponentTypeDecls() {}

    /** A type definition. */
    static TypeDecl def(DefType type) {
        return new TypeDecl.TypeDef(type);
    }

    /** The value type defined at type index {@code index}. */
    static ValType ref(int index) {
        return ValType.ref(index);
    }

    /** An exported resource type. */
    static TypeDecl resource(String name) {
        return new TypeDecl.ExportDecl(
                ExternName.of(name), new ExternType.Type(new ExternType.TypeBound.SubResource()));
    }

    /** An exported function of type index {@code type}. */
    static TypeDecl func(String name, int type) {
        return new TypeDecl.ExportDecl(ExternName.of(name), new ExternType.Func(type));
    }

    /**
     * A function type.
     *
     * @param params name, type, name, type, … in order
     */
    static DefType.Func fn(boolean async, Optional<ValType> result, Object... params) {
        List<DefType.Param> ps = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            ps.add(new DefType.Param((String) params[i], (ValType) params[i + 1]));
        }
        return new DefType.Func(async, ps, result);
    }
}
