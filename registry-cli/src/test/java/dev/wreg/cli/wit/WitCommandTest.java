package dev.wreg.cli.wit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.Wreg;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitCommandTest {
    private static Path fixtures() {
        return SharedData.require("fixtures");
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(
                Map.of(),
                InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Path.of(""),
                false);
        int exit = Wreg.run(env, args);
        env.out().flush();
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheWitOfAComponent() throws Exception {
        Run r = run("wit", fixtures().resolve("wasm/counter-user.wasm").toString());
        assertEquals(0, r.exit(), r.err());
        String expected = Files.readString(fixtures().resolve("expected/counter-user.wit"))
                        .stripTrailing() + "\n";
        assertTrue(r.out().startsWith(expected), r.out());
        assertTrue(r.out().contains("package example:counter {\n  interface counters {\n"), r.out());
    }

    @Test
    void encodesAWitPackageAndReadsItBack(@TempDir Path tmp) {
        Path out = tmp.resolve("pkg.wasm");
        Run enc = run(
                "wit",
                "--wasm",
                fixtures().resolve("src/wat/greeter/greeter.wit").toString(),
                "-o",
                out.toString());
        assertEquals(0, enc.exit(), enc.err());
        Run dec = run("wit", out.toString());
        assertEquals(0, dec.exit(), dec.err());
        Run text = run("wit", fixtures().resolve("src/wat/greeter/greeter.wit").toString());
        assertEquals(text.out(), dec.out());
    }

    @Test
    void badInputExitsWithTwoAndAPosition(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.wit");
        Files.writeString(bad, "package a:b;\ninterface i {\n  f: func(x: nope);\n}\n");
        Run r = run("wit", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.wit:3:14: type `nope` does not exist"), r.err());
        Path truncated = tmp.resolve("t.wasm");
        byte[] full = Files.readAllBytes(fixtures().resolve("wasm/hello.wasm"));
        Files.write(truncated, java.util.Arrays.copyOf(full, 100));
        Run t = run("wit", truncated.toString());
        assertEquals(2, t.exit());
        assertTrue(t.err().startsWith("wreg: "), t.err());
        assertEquals(2, run("wit", tmp.resolve("missing.wasm").toString()).exit());
    }

    @Test
    void aCoreModuleIsExitTwoSayingSo(@TempDir Path tmp) throws Exception {
        Path core = tmp.resolve("core.wasm");
        Files.write(core, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Run r = run("wit", core.toString());
        assertEquals(2, r.exit());
        assertEquals(
                "wreg: " + core + " is a core WebAssembly module, not a component: it has no WIT to print",
                r.err().strip());
    }
}
