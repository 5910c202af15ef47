package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.validator.component.CanonicalFlattening.Abi;
import dev.wreg.validator.component.ComponentTypes.FixedListType;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.Param;
import dev.wreg.validator.component.ComponentTypes.Primitive;
import dev.wreg.validator.component.ComponentTypes.ResultType;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core signatures the validator expects of {@code canon lift}/{@code lower}, flattened by the
 * engine's canonical-ABI flattening (CanonicalABI.md, {@code flatten_functype}) through the
 * validator's adapter: pointers follow the memory's width, variants join their cases' slots, and
 * a long fixed-length list spills to memory without being flattened element by element.
 */
class CanonicalFlatteningTest {

    private static final CanonicalOptions MEMORY32 =
            new CanonicalOptions(null, 0, false, 0, null, false, null, null, false);
    private static final CanonicalOptions MEMORY64 =
            new CanonicalOptions(null, 0, true, 0, null, false, null, null, false);

    private static ValueType prim(PrimitiveType p) {
        return new Primitive(p);
    }

    private static FuncType func(ValueType param, ValueType result) {
        return new FuncType(false, List.of(new Param("x", param)), result, 3);
    }

    @Test
    void pointersFollowTheMemoryWidth() {
        FuncType f = func(prim(PrimitiveType.STRING), null);
        CanonicalFlattening flattening = new CanonicalFlattening();
        assertThat(flattening.signature(f, MEMORY32, Abi.LOWER))
                .isEqualTo(new CoreTypes.FuncType(List.of("i32", "i32"), List.of()));
        assertThat(flattening.signature(f, MEMORY64, Abi.LOWER))
                .isEqualTo(new CoreTypes.FuncType(List.of("i64", "i64"), List.of()));
    }

    @Test
    void variantSlotsJoinTheirCasesTypes() {
        ValueType floatOrLong = new ResultType(prim(PrimitiveType.F32), prim(PrimitiveType.U64), 3);
        ValueType floatOrInt = new ResultType(prim(PrimitiveType.F32), prim(PrimitiveType.U32), 3);
        CanonicalFlattening flattening = new CanonicalFlattening();
        assertThat(flattening
                        .signature(func(floatOrLong, null), MEMORY32, Abi.LOWER)
                        .params())
                .containsExactly("i32", "i64");
        assertThat(flattening
                        .signature(func(floatOrInt, null), MEMORY32, Abi.LOWER)
                        .params())
                .containsExactly("i32", "i32");
    }

    @Test
    void aLongFixedLengthListSpillsToMemory() {
        ValueType huge = new FixedListType(prim(PrimitiveType.U8), 1 << 30, 2);
        ValueType sixteen = new FixedListType(prim(PrimitiveType.U8), 16, 2);
        CanonicalFlattening flattening = new CanonicalFlattening();
        // Beyond 16 flat parameters the arguments go through memory: one pointer.
        assertThat(flattening.signature(func(huge, null), MEMORY32, Abi.LIFT).params())
                .containsExactly("i32");
        assertThat(flattening.signature(func(sixteen, null), MEMORY32, Abi.LIFT).params())
                .hasSize(16);
        // Beyond one flat result the result goes through memory too: a pointer result when lifted.
        assertThat(flattening.signature(new FuncType(false, List.of(), sixteen, 2), MEMORY32, Abi.LIFT))
                .isEqualTo(new CoreTypes.FuncType(List.of(), List.of("i32")));
    }
}
