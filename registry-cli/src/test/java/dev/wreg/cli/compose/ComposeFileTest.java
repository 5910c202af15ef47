package dev.wreg.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.cli.CliHarness;
import dev.wreg.testsupport.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wreg compose FILE.wac}: plans resolved from a deps folder and from --dep. */
class ComposeFileTest {
    private static Path wasm() {
        return SharedData.require("fixtures/wasm");
    }

    private record Run(int exit, String out, String err) {}

    @TempDir
    static Path home;

    private static Run run(String... args) {
        CliHarness.Result r = new CliHarness(home).run(args);
        return new Run(r.exitCode(), r.stdout(), r.stderr());
    }

    private static Path deps(Path tmp) throws Exception {
        Path ns = Files.createDirectories(tmp.resolve("deps/example"));
        Files.copy(wasm().resolve("greeter-socket.wasm"), ns.resolve("greeter-socket.wasm"));
        Files.copy(wasm().resolve("greeter-upper.wasm"), ns.resolve("greeter-upper.wasm"));
        Path calc = Files.createDirectories(ns.resolve("calc-provider"));
        Files.copy(wasm().resolve("calc-provider-1.0.0.wasm"), calc.resolve("1.0.0.wasm"));
        Files.copy(wasm().resolve("calc-provider-1.1.0.wasm"), calc.resolve("1.1.0.wasm"));
        return tmp.resolve("deps");
    }

    @Test
    void composesAPlanFromTheDepsFolder(@TempDir Path tmp) throws Exception {
        Path deps = deps(tmp);
        Path plan = tmp.resolve("greeter.wac");
        Files.writeString(plan, """
                package demo:greeter;
                let upper = new example:greeter-upper {};
                let socket = new example:greeter-socket { ...upper };
                export socket...;
                """);
        Path out = tmp.resolve("out.wasm");
        Run r = run(
                "compose", plan.toString(), "-o", out.toString(), "--deps-dir", deps.toString(), "--invoke", "run()");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("socket example:greeter/greet <- upper example:greeter/greet")
                .contains("check validate: ok")
                .contains("run() = \"WREG\"");
        assertThat(out).exists();
    }

    @Test
    void explicitDepAndVersionedLayout(@TempDir Path tmp) throws Exception {
        Path deps = deps(tmp);
        Path plan = tmp.resolve("calc.wac");
        Files.writeString(plan, """
                package demo:calc;
                let ops = new example:calc-provider@^1 {};
                let c = new example:consumer { ...ops };
                export c.run;
                """);
        Run r = run(
                "compose",
                plan.toString(),
                "-o",
                tmp.resolve("o.wasm").toString(),
                "-d",
                deps.toString(),
                "--dep",
                "example:consumer=" + wasm().resolve("calc-consumer-1.1.0.wasm"),
                "--invoke",
                "run()");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("<- ops example:calc/ops@1.1.0").contains("run() = 35");
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumn(@TempDir Path tmp) throws Exception {
        Path plan = tmp.resolve("bad.wac");
        Files.writeString(plan, "package demo:bad;\nlet x = new example:thing { a b };\n");
        Run r = run("compose", plan.toString(), "-o", tmp.resolve("o.wasm").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("wreg: composition refused: " + plan + ":2:31: expected `,` or `}`, found `b`");
        assertThat(tmp.resolve("o.wasm")).doesNotExist();
    }

    @Test
    void anUnknownPackageIsRefused(@TempDir Path tmp) throws Exception {
        Path plan = tmp.resolve("p.wac");
        Files.writeString(plan, "package demo:x;\nlet x = new example:missing {};\n");
        Run r = run("compose", plan.toString(), "-d", tmp.resolve("deps").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(":2:9: unknown package `example:missing`");
    }

    @Test
    void withoutAPlanItPrintsUsage() {
        Run r = run("compose");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("wreg compose FILE.wac");
    }
}
