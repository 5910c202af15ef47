package dev.wreg.engine.wit;

import java.util.List;

/** The shape of a {@link TypeDef}. */
public sealed interface TypeDefKind {

    /** {@code record name { fields }}. */
    record Record(List<Field> fields) implements TypeDefKind {
        public Record {
            fields = List.copyOf(fields);
        }
    }

    /** A field of a record. */
    record Field(String name, WitType type, String docs) {}

    /** {@code resource name}; its functions live in the owning interface or world. */
    record Resource() implements TypeDefKind {}

    /** {@code own<r>} (printed as just {@code r}) or {@code borrow<r>}. */
    record Handle(boolean borrow, TypeId resource) implements TypeDefKind {}

    /** {@code flags name { .. }}. */
    record Flags(List<Case> flags) implements TypeDefKind {
        public Flags {
            flags = List.copyOf(flags);
        }
    }

    /** {@code tuple<..>}. */
    record Tuple(List<WitType> types) implements TypeDefKind {
        public Tuple {
            types = List.copyOf(types);
        }
    }

    /** {@code variant name { .. }}; a case without payload has a null type. */
    record Variant(List<VariantCase> cases) implements TypeDefKind {
        public Variant {
            cases = List.copyOf(cases);
        }
    }

    /** A case of a variant. */
    record VariantCase(String name, WitType type, String docs) {}

    /** {@code enum name { .. }}. */
    record Enum(List<Case> cases) implements TypeDefKind {
        public Enum {
            cases = List.copyOf(cases);
        }
    }

    /** A flag or enum case. */
    record Case(String name, String docs) {}

    /** {@code option<t>}. */
    record Option(WitType type) implements TypeDefKind {}

    /** {@code result<ok, err>}; either side may be null. */
    record Result(WitType ok, WitType err) implements TypeDefKind {}

    /** {@code list<t>}. */
    record ListOf(WitType element) implements TypeDefKind {}

    /** {@code list<t, n>}. */
    record FixedList(WitType element, long length) implements TypeDefKind {}

    /** {@code map<k, v>}. */
    record MapOf(WitType key, WitType value) implements TypeDefKind {}

    /** {@code future<t>} or {@code future} (null payload). */
    record Future(WitType payload) implements TypeDefKind {}

    /** {@code stream<t>} or {@code stream} (null payload). */
    record Stream(WitType payload) implements TypeDefKind {}

    /** {@code type name = t}, and the target of a {@code use}. */
    record Alias(WitType target) implements TypeDefKind {}
}
