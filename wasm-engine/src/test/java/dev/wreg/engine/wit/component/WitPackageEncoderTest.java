package dev.wreg.engine.wit.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.text.WitParser;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** WIT text → component → WIT: the package prints the same, docs and gates included (package-docs section). */
class WitPackageEncoderTest {

    private static String printWithoutDocs(WitResolve resolve, PackageId main) {
        return WitPrinter.print(resolve, main, List.of(), true);
    }

    private static void assertRoundTrip(String what, WitParser.Parsed parsed) {
        byte[] wasm = WitPackageEncoder.encode(parsed.resolve(), parsed.main());
        // the binary is canonical for our own encoder
        assertTrue(java.util.Arrays.equals(wasm, ComponentEncoder.encode(ComponentDecoder.decode(wasm))), what);
        ComponentWit.Decoded decoded = ComponentWit.decode(wasm);
        assertTrue(decoded.isWitPackage(), what);
        assertEquals(
                printWithoutDocs(parsed.resolve(), parsed.main()),
                printWithoutDocs(decoded.resolve(), decoded.main()),
                what);
    }

    @Test
    void fixtureSourcesRoundTripThroughTheBinaryEncoding() throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(SharedData.require("fixtures/src"))) {
            sources = s.filter(p -> p.toString().endsWith(".wit")).sorted().toList();
        }
        int passed = 0;
        for (Path p : sources) {
            assertRoundTrip(p.toString(), WitParser.parsePath(p));
            passed++;
        }
        System.out.println("WIT package encoding round trip: " + passed + " passed, 0 failed");
    }

    @Test
    void usesResourcesAndWorldTypesRoundTrip() {
        String text = """
                /// The package.
                package my:pkg@1.0.0;

                /// Types.
                @since(version = 1.0.0)
                interface types {
                  use wasi:io/streams@0.2.0.{input-stream, error};
                  resource blob {
                    constructor(init: list<u8>);
                    read: func(n: u32) -> result<list<u8>, error>;
                    merge: static func(a: borrow<blob>, b: blob) -> blob;
                  }
                  /// A pair.
                  @unstable(feature = pairs)
                  record pair {
                    /// first
                    a: u32,
                    b: option<blob>,
                  }
                  type bytes = list<u8>;
                  type id = u64;
                  variant v { a(bytes), b(tuple<id, string>), c }
                  flags f { x, y }
                  enum e {
                    /// the first
                    one,
                    two,
                  }
                  /// Opens.
                  @since(version = 1.0.0)
                  @deprecated(version = 1.1.0)
                  open: async func(s: borrow<input-stream>) -> future<result<pair, string>>;
                  chunks: func() -> stream<u8>;
                  m: func(x: map<string, u32>, y: list<u8, 4>);
                }

                interface user {
                  use types.{pair, blob as b};
                  take: func(p: pair, x: b) -> list<pair>;
                }

                /// The world.
                world w {
                  use types.{e};
                  type local = list<e>;
                  /// Imports f.
                  import f: func(x: local);
                  import anon: interface {
                    ping: func() -> string;
                  }
                  export run: func() -> result;
                  export user;
                }

                package wasi:io@0.2.0 {
                  interface error {
                    resource error;
                  }
                  interface streams {
                    use error.{error};
                    resource input-stream;
                  }
                }
                """;
        assertRoundTrip("inline", WitParser.parseString("pkg.wit", text));
    }

    @Test
    void namedImportsOfAnInterfaceKeepTheirInterface() {
        String text = """
                package my:app;

                world w {
                  import primary: wasi:keyvalue/store;
                  import secondary: wasi:keyvalue/store;
                  export handler: wasi:keyvalue/store;
                }

                package wasi:keyvalue {
                  interface store {
                    get: func(key: string) -> option<list<u8>>;
                  }
                }
                """;
        WitParser.Parsed parsed = WitParser.parseString("kv.wit", text);
        String printed = WitPrinter.print(parsed.resolve(), parsed.main());
        assertTrue(
                printed.contains("  import primary: wasi:keyvalue/store;\n  import secondary: wasi:keyvalue/store;\n"),
                printed);
        assertRoundTrip("implements", parsed);
    }
}
