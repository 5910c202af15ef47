package dev.wreg.engine.binary;

/** A core sort ({@code core:sort}), with its binary code. */
public enum CoreSort implements BinaryCode {
    FUNC(0x00),
    TABLE(0x01),
    MEMORY(0x02),
    GLOBAL(0x03),
    TAG(0x04),
    TYPE(0x10),
    MODULE(0x11),
    INSTANCE(0x12);

    private final int code;

    CoreSort(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
