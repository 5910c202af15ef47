package dev.wreg.engine.wit.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.text.WitParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** WIT text → component → WIT: the package prints the same (without docs, which the binary does not carry). */
class WitPackageEncoderTest {

    private static String printWithoutDocs(WitResolve resolve, PackageId main) {
        return WitPrinter.print(resolve, main, List.of(), false);
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
        try (Stream<Path> s = Files.walk(
                Path.of(System.getProperty("wreg.shared", "../../shared")).resolve("fixtures/src"))) {
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
                package my:pkg@1.0.0;

                interface types {
                  use wasi:io/streams@0.2.0.{input-stream, error};
                  resource blob {
                    constructor(init: list<u8>);
                    read: func(n: u32) -> result<list<u8>, error>;
                    merge: static func(a: borrow<blob>, b: blob) -> blob;
                  }
                  record pair { a: u32, b: option<blob> }
                  type bytes = list<u8>;
                  type id = u64;
                  variant v { a(bytes), b(tuple<id, string>), c }
                  flags f { x, y }
                  enum e { one, two }
                  open: async func(s: borrow<input-stream>) -> future<result<pair, string>>;
                  chunks: func() -> stream<u8>;
                  m: func(x: map<string, u32>, y: list<u8, 4>);
                }

                interface user {
                  use types.{pair, blob as b};
                  take: func(p: pair, x: b) -> list<pair>;
                }

                world w {
                  use types.{e};
                  type local = list<e>;
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
}
