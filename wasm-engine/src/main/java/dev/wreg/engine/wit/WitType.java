package dev.wreg.engine.wit;

/**
 * A WIT type as it is used (a parameter, field, payload): a primitive or a reference to a {@link
 * TypeDef} of the {@link WitResolve}.
 */
public sealed interface WitType permits WitType.Primitive, TypeId {

    /** The primitive value types, named as in WIT. */
    enum Primitive implements WitType {
        BOOL("bool"),
        U8("u8"),
        U16("u16"),
        U32("u32"),
        U64("u64"),
        S8("s8"),
        S16("s16"),
        S32("s32"),
        S64("s64"),
        F32("f32"),
        F64("f64"),
        CHAR("char"),
        STRING("string"),
        ERROR_CONTEXT("error-context");

        private final String witName;

        Primitive(String witName) {
            this.witName = witName;
        }

        /** The WIT spelling, e.g. {@code error-context}. */
        public String witName() {
            return witName;
        }

        /** The primitive spelled {@code name} in WIT, or null. */
        public static Primitive byWitName(String name) {
            for (Primitive p : values()) {
                if (p.witName.equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }
}
