package dev.wreg.engine.binary;

import java.util.List;
import java.util.Optional;

/** A defined value type ({@code defvaltype}). */
public sealed interface DefValType extends DefType
        permits PrimitiveType,
                DefValType.RecordType,
                DefValType.VariantType,
                DefValType.ListType,
                DefValType.FixedListType,
                DefValType.TupleType,
                DefValType.FlagsType,
                DefValType.EnumType,
                DefValType.OptionType,
                DefValType.ResultType,
                DefValType.Own,
                DefValType.Borrow,
                DefValType.StreamType,
                DefValType.FutureType,
                DefValType.MapType {

    /** {@code 0x72}: a record with named fields. */
    record RecordType(List<Field> fields) implements DefValType {
        public RecordType {
            fields = List.copyOf(fields);
        }
    }

    /** A record field. */
    record Field(String name, ValType type) {}

    /** {@code 0x71}: a variant. */
    record VariantType(List<Case> cases) implements DefValType {
        public VariantType {
            cases = List.copyOf(cases);
        }
    }

    /** A variant case with an optional payload. */
    record Case(String name, Optional<ValType> type) {}

    /** {@code 0x70}: {@code list<t>}. */
    record ListType(ValType element) implements DefValType {}

    /** {@code 0x67} (🔧): {@code list<t, length>}. */
    record FixedListType(ValType element, int length) implements DefValType {}

    /** {@code 0x6f}: {@code tuple<…>}. */
    record TupleType(List<ValType> types) implements DefValType {
        public TupleType {
            types = List.copyOf(types);
        }
    }

    /** {@code 0x6e}: flags. */
    record FlagsType(List<String> names) implements DefValType {
        public FlagsType {
            names = List.copyOf(names);
        }
    }

    /** {@code 0x6d}: enum. */
    record EnumType(List<String> names) implements DefValType {
        public EnumType {
            names = List.copyOf(names);
        }
    }

    /** {@code 0x6b}: {@code option<t>}. */
    record OptionType(ValType type) implements DefValType {}

    /** {@code 0x6a}: {@code result<ok, err>}, either side optional. */
    record ResultType(Optional<ValType> ok, Optional<ValType> err) implements DefValType {}

    /** {@code 0x69}: {@code own<resource>}. */
    record Own(int resourceIndex) implements DefValType {}

    /** {@code 0x68}: {@code borrow<resource>}. */
    record Borrow(int resourceIndex) implements DefValType {}

    /** {@code 0x66} (🔀): {@code stream<t>} or a payload-less stream. */
    record StreamType(Optional<ValType> payload) implements DefValType {}

    /** {@code 0x65} (🔀): {@code future<t>} or a payload-less future. */
    record FutureType(Optional<ValType> payload) implements DefValType {}

    /** {@code 0x63} (🗺️): {@code map<k, v>}. */
    record MapType(ValType key, ValType value) implements DefValType {}
}
