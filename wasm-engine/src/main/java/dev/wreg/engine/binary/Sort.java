package dev.wreg.engine.binary;

/**
 * A component-level sort ({@code sort}): either a core sort (encoded {@code 0x00 core:sort}) or
 * one of the component sorts.
 */
public sealed interface Sort {

    /** {@code core} followed by a core sort. */
    record Core(CoreSort sort) implements Sort {}

    /** Component sorts. */
    enum Kind implements Sort, BinaryCode {
        FUNC(0x01),
        VALUE(0x02),
        TYPE(0x03),
        COMPONENT(0x04),
        INSTANCE(0x05);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    Sort FUNC = Kind.FUNC;
    Sort VALUE = Kind.VALUE;
    Sort TYPE = Kind.TYPE;
    Sort COMPONENT = Kind.COMPONENT;
    Sort INSTANCE = Kind.INSTANCE;

    static Sort core(CoreSort sort) {
        return new Core(sort);
    }
}
