package dev.wreg.engine.binary;

/** The primitive value types ({@code primvaltype}), with their binary codes. */
public enum PrimitiveType implements ValType, DefValType, BinaryCode {
    BOOL(0x7f, "bool"),
    S8(0x7e, "s8"),
    U8(0x7d, "u8"),
    S16(0x7c, "s16"),
    U16(0x7b, "u16"),
    S32(0x7a, "s32"),
    U32(0x79, "u32"),
    S64(0x78, "s64"),
    U64(0x77, "u64"),
    F32(0x76, "f32"),
    F64(0x75, "f64"),
    CHAR(0x74, "char"),
    STRING(0x73, "string"),
    /** 📝 */
    ERROR_CONTEXT(0x64, "error-context");

    private final int code;
    private final String witName;

    PrimitiveType(int code, String witName) {
        this.code = code;
        this.witName = witName;
    }

    @Override
    public int code() {
        return code;
    }

    /** The name WIT uses, e.g. {@code u32}, {@code error-context}. */
    public String witName() {
        return witName;
    }
}
