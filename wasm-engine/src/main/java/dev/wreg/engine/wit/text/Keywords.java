package dev.wreg.engine.wit.text;

import java.util.Set;

/** WIT keywords: a bare identifier spelled like one must be written {@code %name}. */
final class Keywords {
    private static final Set<String> KEYWORDS = Set.of(
            "as",
            "async",
            "bool",
            "borrow",
            "char",
            "constructor",
            "enum",
            "export",
            "f32",
            "f64",
            "flags",
            "from",
            "func",
            "future",
            "import",
            "include",
            "interface",
            "list",
            "map",
            "option",
            "own",
            "package",
            "record",
            "resource",
            "result",
            "s16",
            "s32",
            "s64",
            "s8",
            "static",
            "stream",
            "string",
            "tuple",
            "type",
            "u16",
            "u32",
            "u64",
            "u8",
            "use",
            "variant",
            "with",
            "world",
            "error-context");

    private Keywords() {}

    static boolean isKeyword(String id) {
        return KEYWORDS.contains(id);
    }
}
