package dev.wreg.engine.wit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.engine.wit.WitPrinter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WitParserTest {

    private static final String EVERYTHING = """
            /// The main package.
            package my:app@1.2.3;

            use wasi:io/streams@0.2.0 as io-streams;

            @since(version = 1.0.0)
            interface types {
              use io-streams.{input-stream, error as stream-error};

              /// A pair.
              record pair {
                /// left
                x: u32,
                y: %type,
              }

              type %type = list<u8>;
              type fixed = list<u8, 4>;
              type m = map<string, list<pair>>;
              type h = own<blob>;
              type fut = future<result<_, string>>;
              type raw-fut = future;
              type s = stream<u8>;
              type r = result;
              type t = tuple<u8, s64, f32, f64, char, bool, string>;
              type e = error-context;

              flags perms { read, write }
              enum color { red, green }
              variant shape { circle(u32), none }

              resource blob {
                constructor(init: list<u8>);
                write: func(bytes: list<u8>);
                read: async func(n: u32) -> list<u8>;
                merge: static func(a: borrow<blob>, b: blob) -> blob;
                @unstable(feature = fancy)
                @deprecated(version = 1.1.0)
                open: static async func() -> result<blob, string>;
              }

              resource fallible {
                constructor() -> result<fallible, string>;
              }

              @since(version = 1.1.0)
              get: func(p: pair) -> option<pair>;
              run: async func(s: borrow<input-stream>) -> result<u64, stream-error>;
            }

            interface user {
              use types.{pair, blob};
              take: func(p: pair, b: blob);
            }

            world base {
              import wasi:io/streams@0.2.0;
              export go: func();
            }

            world app {
              include base with { go as start };
              import user;
              import anon: interface {
                ping: func() -> string;
              }
              use types.{color};
              type alias = color;
              import named: types;
              export run: func(c: alias) -> u32;
              export user;
            }

            package wasi:io@0.2.0 {
              interface error {
                resource error {
                  to-debug-string: func() -> string;
                }
              }
              interface streams {
                use error.{error};
                resource input-stream;
              }
            }
            """;

    @Test
    void everythingRoundTrips() {
        WitParser.Parsed parsed = WitParser.parseString("everything.wit", EVERYTHING);
        String printed = WitPrinter.print(parsed.resolve(), parsed.main());
        WitParser.Parsed again = WitParser.parseString("printed.wit", printed);
        assertEquals(printed, WitPrinter.print(again.resolve(), again.main()));
        System.out.println(printed);
        assertTrue(printed.contains("    read: async func(n: u32) -> list<u8>;\n"), printed);
        assertTrue(printed.contains("  use wasi:io/streams@0.2.0.{input-stream, error as stream-error};\n"), printed);
        assertTrue(printed.contains("    constructor(init: list<u8>);\n"), printed);
        assertTrue(printed.contains("    constructor() -> result<fallible, string>;\n"), printed);
        assertTrue(printed.contains("  type h = own<blob>;\n"), printed);
        assertTrue(printed.contains("    y: %type,\n"), printed);
        assertTrue(
                printed.contains("  import start: func();\n") || printed.contains("  export start: func();\n"),
                printed);
        assertTrue(printed.contains("package wasi:io@0.2.0 {\n  interface error {\n"), printed);
    }

    static Stream<Arguments> brokenInputs() {
        return Stream.of(
                Arguments.of(
                        "package a:b;\ninterface i {\n  f: func(x: nope);\n}\n", 3, 14, "type `nope` does not exist"),
                Arguments.of("package a:b;\ninterface i {\n  f: func(x: u32)\n}\n", 4, 1, "expected `;`, found `}`"),
                Arguments.of(
                        "package a:b;\ninterface i {\n  type x = y;\n  type y = x;\n}\n",
                        3,
                        8,
                        "type `x` depends on itself"),
                Arguments.of("package a:b;\nworld w {\n  import c:d/e;\n}\n", 3, 10, "package `c:d` not found"),
                Arguments.of("package a:b;\ninterface i {\n  use j.{t};\n}\n", 3, 7, "interface `j` does not exist"),
                Arguments.of("package a:b;\ninterface i {}\ninterface i {}\n", 3, 11, "duplicate item named `i`"),
                Arguments.of("package a:b@1.0;\n", 1, 13, "invalid semver `1.0`"),
                Arguments.of(
                        "package a:b;\ninterface i {\n  type x = borrow<u32>;\n}\n",
                        3,
                        19,
                        "expected an identifier, found `u32`"),
                Arguments.of(
                        "package a:b;\ninterface i {\n  record r { a: u32, a: u32 }\n}\n",
                        3,
                        22,
                        "field `a` is defined more than once"),
                Arguments.of("package a:b;\n/* open\n", 2, 1, "unterminated block comment"),
                Arguments.of(
                        "package a:b;\ninterface Bad-name {}\n",
                        2,
                        11,
                        "identifier `Bad-name`: a word must be all lowercase or all uppercase"),
                Arguments.of(
                        "package a:b;\ninterface i {\n  @since(version = 1.0.0)\n  @unstable(feature = x)\n  f: func();\n}\n",
                        3,
                        3,
                        "cannot specify both `@since` and `@unstable`"));
    }

    @ParameterizedTest
    @MethodSource("brokenInputs")
    void errorsCarryFileLineAndColumn(String text, int line, int column, String reason) {
        WitParseException e = assertThrows(WitParseException.class, () -> WitParser.parseString("bad.wit", text));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.wit:" + line + ":" + column + ": "));
    }

    @Test
    void deepTypeNestingIsAnErrorNotAStackOverflow() {
        String deep = "list<".repeat(10_000) + "u8" + ">".repeat(10_000);
        String text = "package a:b;\ninterface i {\n  type t = " + deep + ";\n}\n";
        WitParseException e = assertThrows(WitParseException.class, () -> WitParser.parseString("deep.wit", text));
        assertTrue(e.reason().contains("nesting"), e.getMessage());
    }
}
