package dev.wreg.engine.binary;

/**
 * A constant the binary format writes as one code (a sort, a primitive, number or heap type): the
 * code the encoder writes, and the one lookup the decoder turns a code back into its constant with.
 */
public interface BinaryCode {

    int code();

    /** The constant among {@code constants} written as {@code code}, or null when none is. */
    static <E extends BinaryCode> E find(E[] constants, int code) {
        for (E constant : constants) {
            if (constant.code() == code) {
                return constant;
            }
        }
        return null;
    }
}
