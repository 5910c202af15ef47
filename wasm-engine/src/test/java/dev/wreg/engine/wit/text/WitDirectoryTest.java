package dev.wreg.engine.wit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.engine.wit.WitPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package directory: several files of the main package, and deps/ with a directory and a file package. */
class WitDirectoryTest {

    @Test
    void readsAPackageDirectoryWithDeps(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.wit"), """
                package my:app;

                interface handler {
                  use wasi:io/streams@0.2.0.{input-stream};
                  use my:types/t.{id};
                  handle: func(s: borrow<input-stream>, i: id);
                }
                """);
        Files.writeString(dir.resolve("b.wit"), """
                world app {
                  export handler;
                }
                """);
        Path io = Files.createDirectories(dir.resolve("deps/io"));
        Files.writeString(io.resolve("error.wit"), """
                package wasi:io@0.2.0;

                interface error {
                  resource error;
                }
                """);
        Files.writeString(io.resolve("streams.wit"), """
                package wasi:io@0.2.0;

                interface streams {
                  use error.{error};
                  resource input-stream;
                }
                """);
        Files.writeString(dir.resolve("deps/types.wit"), """
                package my:types;

                interface t {
                  type id = u64;
                }
                """);
        WitParser.Parsed parsed = WitParser.parsePath(dir);
        String printed = WitPrinter.print(parsed.resolve(), parsed.main());
        assertTrue(printed.startsWith("""
                package my:app;

                interface handler {
                  use wasi:io/streams@0.2.0.{input-stream};
                  use my:types/t.{id};

                  handle: func(s: borrow<input-stream>, i: id);
                }

                world app {
                  import wasi:io/error@0.2.0;
                  import wasi:io/streams@0.2.0;
                  import my:types/t;

                  export handler;
                }
                """), printed);
        assertTrue(printed.contains("package wasi:io@0.2.0 {\n  interface error {\n"), printed);
        WitParser.Parsed again = WitParser.parseString("printed.wit", printed);
        assertEquals(printed, WitPrinter.print(again.resolve(), again.main()));
    }

    @Test
    void filesOfOnePackageMustAgreeOnItsName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.wit"), "package my:app;\ninterface i {}\n");
        Files.writeString(dir.resolve("b.wit"), "package my:other;\ninterface j {}\n");
        WitParseException e = assertThrows(WitParseException.class, () -> WitParser.parsePath(dir));
        assertTrue(e.getMessage().contains("b.wit:1:9: package identifier `my:other` does not match"), e.getMessage());
    }

    @Test
    void aMissingDependencyIsReportedWhereItIsUsed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.wit"), "package my:app;\n\nworld w {\n  import wasi:cli/run@0.2.0;\n}\n");
        WitParseException e = assertThrows(WitParseException.class, () -> WitParser.parsePath(dir));
        assertEquals(4, e.line());
        assertEquals(10, e.column()); // where the path starts
        assertEquals("package `wasi:cli@0.2.0` not found", e.reason());
    }
}
