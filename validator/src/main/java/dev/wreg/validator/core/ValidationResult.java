package dev.wreg.validator.core;

import java.util.Objects;
import java.util.OptionalLong;

/** The verdict on one binary: valid, or invalid with a message and, when known, a byte offset. */
public sealed interface ValidationResult {

    boolean isValid();

    static ValidationResult valid() {
        return Valid.INSTANCE;
    }

    static ValidationResult invalid(String message, long offset) {
        return new Invalid(message, offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset));
    }

    static ValidationResult invalid(String message) {
        return new Invalid(message, OptionalLong.empty());
    }

    /** The binary is valid. */
    record Valid() implements ValidationResult {
        private static final Valid INSTANCE = new Valid();

        @Override
        public boolean isValid() {
            return true;
        }
    }

    /**
     * The binary is malformed or invalid.
     *
     * @param message what is wrong, in the spec test suite's wording where we know it
     * @param offset the byte offset in the binary where the problem was found, when known
     */
    record Invalid(String message, OptionalLong offset) implements ValidationResult {
        public Invalid {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(offset, "offset");
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public String toString() {
            return offset.isPresent()
                    ? message + " (at offset 0x" + Long.toHexString(offset.getAsLong()) + ")"
                    : message;
        }
    }
}
