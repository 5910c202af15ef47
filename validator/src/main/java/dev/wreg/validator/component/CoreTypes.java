package dev.wreg.validator.component;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Core-level types as the component layer sees them: function signatures, the extern types of
 * core imports and exports, module types and instance types. Core value types are kept as their
 * text form ({@code i32}, {@code (ref null func)}), which is enough for the equality checks the
 * component layer makes.
 */
final class CoreTypes {
    private CoreTypes() {}

    /** A core composite type defined in a core type section. */
    sealed interface Composite permits FuncType, Other {
        String describe();
    }

    /**
     * A core function type. {@code params} and {@code results} are its structure, which is all
     * canonical ABI signature checks compare ({@link #equals} looks at nothing else). {@code id}
     * is its canonical type identity (see {@link CoreTypeIds}) when it is not the plain shape, a
     * final type without supertypes alone in its recursion group; it matters only where core
     * subtyping applies, in {@link #matches}.
     */
    record FuncType(List<String> params, List<String> results, String id, CoreTypeIds ids) implements Composite {
        FuncType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }

        FuncType(List<String> params, List<String> results) {
            this(params, results, CoreTypeIds.PLAIN, null);
        }

        FuncType withId(String id, CoreTypeIds ids) {
            return new FuncType(params, results, id, ids);
        }

        /** Whether a function of this type may be given where one of type {@code expected} is wanted. */
        boolean isSubtypeOf(FuncType expected) {
            if (!equals(expected)) {
                return false;
            }
            if (id.equals(expected.id)) {
                return true;
            }
            return ids != null && ids.isSubtype(id, expected.id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FuncType f && params.equals(f.params) && results.equals(f.results);
        }

        @Override
        public int hashCode() {
            return params.hashCode() * 31 + results.hashCode();
        }

        public String describe() {
            return "func " + params + " -> " + results;
        }

        @Override
        public String toString() {
            return "[" + String.join(" ", params) + "] -> [" + String.join(" ", results) + "]";
        }
    }

    /** A GC struct/array or continuation type, compared by its description. */
    record Other(String describe) implements Composite {}

    sealed interface Extern permits Func, Table, Memory, Global, Tag {}

    record Func(FuncType type) implements Extern {}

    record Table(String element, long min, Long max, boolean is64, boolean shared) implements Extern {}

    record Memory(long min, Long max, boolean is64, boolean shared, int pageSizeLog2) implements Extern {}

    record Global(String type, boolean mutable, boolean shared) implements Extern {}

    record Tag(FuncType type) implements Extern {}

    record Import(String module, String name, Extern type) {}

    /** A core module's type: its imports in order and its exports by name. */
    record ModuleType(List<Import> imports, Map<String, Extern> exports) {
        ModuleType {
            imports = List.copyOf(imports);
            exports = Map.copyOf(exports);
        }
    }

    /** Whether an item of type {@code actual} may be given where {@code expected} is imported. */
    static boolean matches(Extern actual, Extern expected) {
        return switch (expected) {
            case Func e -> actual instanceof Func a && a.type().isSubtypeOf(e.type());
            case Tag e ->
                actual instanceof Tag a
                        && a.type().equals(e.type())
                        && a.type().id().equals(e.type().id());
            case Global e ->
                actual instanceof Global a
                        && a.mutable() == e.mutable()
                        && a.shared() == e.shared()
                        && (e.mutable() ? a.type().equals(e.type()) : refSub(a.type(), e.type()));
            case Table e ->
                actual instanceof Table a
                        && a.is64() == e.is64()
                        && a.shared() == e.shared()
                        && a.element().equals(e.element())
                        && limitsMatch(a.min(), a.max(), e.min(), e.max());
            case Memory e ->
                actual instanceof Memory a
                        && a.is64() == e.is64()
                        && a.shared() == e.shared()
                        && a.pageSizeLog2() == e.pageSizeLog2()
                        && limitsMatch(a.min(), a.max(), e.min(), e.max());
        };
    }

    private static boolean refSub(String actual, String expected) {
        if (actual.equals(expected)) {
            return true;
        }
        // A non-nullable reference may stand in for the nullable one to the same heap type.
        return expected.startsWith("(ref null ") && actual.equals("(ref " + expected.substring(10));
    }

    private static boolean limitsMatch(long aMin, Long aMax, long eMin, Long eMax) {
        if (Long.compareUnsigned(aMin, eMin) < 0) {
            return false;
        }
        if (eMax == null) {
            return true;
        }
        return aMax != null && Long.compareUnsigned(aMax, eMax) <= 0;
    }

    static String kind(Extern e) {
        return switch (e) {
            case Func f -> "func";
            case Table t -> "table";
            case Memory m -> "memory";
            case Global g -> "global";
            case Tag t -> "tag";
        };
    }

    static boolean sameKind(Extern a, Extern b) {
        return Objects.equals(kind(a), kind(b));
    }
}
