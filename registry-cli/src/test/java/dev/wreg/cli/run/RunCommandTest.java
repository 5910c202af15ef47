package dev.wreg.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.Wreg;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path home;

    record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(
                Map.of("HOME", home.toString()),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                home,
                false);
        int code = Wreg.run(env, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String fixture(String name) {
        return SharedData.fixtureWasm(name).toString();
    }

    @Test
    void maxMemoryCapsTheGuestsLinearMemory() {
        Result r = run("run", fixture("hello"), "--max-memory", "64K");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("wreg: memory limit exceeded: "), r.err());
        assertTrue(r.err().contains("65536"), r.err());
        Result ok = run("run", fixture("hello"), "--max-memory", "16M");
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void invokedExportsRunWithinTheLimitsToo() {
        Result r = run("run", fixture("greeter-upper"), "--max-memory", "1K", "--invoke", "greet(\"x\")");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("wreg: memory limit exceeded: "), r.err());
    }

    @Test
    void badMaxMemoryIsAUsageError() {
        Result r = run("run", fixture("hello"), "--max-memory", "lots");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("wreg: --max-memory takes a size"), r.err());
    }

    @Test
    void invokesAnInterfaceFunctionByBareName() {
        Result r = run("run", fixture("greeter-upper"), "--invoke", "greet(\"Hello, wreg\")");
        assertEquals(0, r.code(), r.err());
        assertEquals("\"HELLO, WREG\"\n", r.out());
    }

    @Test
    void invokesByFullInterfaceName() {
        Result r = run("run", fixture("types-kitchen"), "--invoke", "example:types/kitchen#safe-div(7, 2)");
        assertEquals(0, r.code(), r.err());
        assertEquals("ok(3)\n", r.out());
    }

    @Test
    void printsRecordsAndFlagsAsWave() {
        Result r = run("run", fixture("types-kitchen"), "--invoke", "make-item(\"widget\")");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "{name: \"widget\", tags: [\"new\", \"fixture\"], color: green, perms: {read, write}, size: some({w: 6, h:"
                        + " 2})}\n",
                r.out());
    }

    @Test
    void unknownFunctionIsAUsageError() {
        Result r = run("run", fixture("greeter-upper"), "--invoke", "nope()");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("wreg: no exported function named `nope`"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }

    @Test
    void badArgumentsAreAUsageError() {
        Result r = run("run", fixture("types-kitchen"), "--invoke", "safe-div(7)");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("wreg: "), r.err());
    }

    @Test
    void wasiImportsAreServedToInvokedFunctions() {
        Result r = run("run", fixture("hello"), "--invoke", "wasi:cli/run@0.2.12#run()");
        assertEquals(0, r.code(), r.err());
        assertEquals("ok\n", r.out().lines().reduce((a, b) -> b).orElse("") + "\n");
    }

    @Test
    void badTimeoutIsAUsageError() {
        Result r = run("run", fixture("hello"), "--timeout", "soon");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("wreg: --timeout takes a duration"), r.err());
    }

    @Test
    void missingPreopenDirectoryIsAUsageError() {
        Result r = run("run", fixture("cat-file"), "--dir", home.resolve("nope") + "::/data");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a directory"), r.err());
    }

    @Test
    void notAComponentIsAUsageError() throws Exception {
        Path junk = home.resolve("junk.wasm");
        Files.write(junk, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Result r = run("run", junk.toString(), "--invoke", "f()");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a valid component"), r.err());
    }

    @Test
    void everyEngineGivesTheSameOutput() {
        String expected = null;
        for (String engine : new String[] {"interpreter", "compiler", "auto", "COMPILER"}) {
            Result r = run("run", "--engine", engine, fixture("sha256"), "--", "abc");
            assertEquals(0, r.code(), engine + ": " + r.err());
            assertTrue(r.out().startsWith("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), r.out());
            if (expected == null) {
                expected = r.out();
            }
            assertEquals(expected, r.out(), engine);
        }
        Result invoked = run("run", "--engine", "compiler", fixture("types-kitchen"), "--invoke", "safe-div(7, 2)");
        assertEquals("ok(3)\n", invoked.out(), invoked.err());
    }

    @Test
    void unknownEngineIsAUsageError() {
        Result r = run("run", "--engine", "jit", fixture("hello"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--engine takes interpreter, compiler or auto"), r.err());
    }
}
