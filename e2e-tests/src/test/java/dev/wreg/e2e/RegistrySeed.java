package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a registry the way its users do, through the real {@code ./wreg}, with the shared
 * fixtures: packages in three namespaces, descriptions (one of them hostile), a yanked and a
 * deprecated release, a release composed by the registry, and a WIT package over 2 MB.
 */
final class RegistrySeed {

    /** Markdown the greeter:upper component carries in its description section. */
    static final String UPPER_DESCRIPTION =
            "Upper-cases a greeting. **ASCII only**: implements" + " `example:greeter/greet` by mapping a–z to A–Z.";

    static final String XSS_DESCRIPTION = "<script>alert('xss')</script><img src=x onerror=alert('img')>"
            + "\n\n[click me](javascript:alert('link'))";

    static final String YANK_REASON = "prints the *wrong* greeting; use 0.2.0";
    static final String DEPRECATION = "use 1.1.0, which adds `mul`";

    /** The three registry namespaces the seed fills (the test class's own, on a shared server). */
    record Namespaces(String calc, String greeter, String example) {
        List<String> all() {
            return List.of(calc, greeter, example);
        }
    }

    private final WregRunner wreg;
    private final Namespaces ns;
    private final Path work;

    /** {@code wreg} is logged in with a key of its own. */
    RegistrySeed(WregRunner wreg, Namespaces ns, Path work) {
        this.wreg = wreg;
        this.ns = ns;
        this.work = work;
    }

    void seed() throws Exception {
        for (String namespace : ns.all()) {
            ok("namespace", "claim", namespace);
        }
        String calc = ns.calc() + ":";
        String greeter = ns.greeter() + ":";
        String example = ns.example() + ":";
        publish(fixture("calc-provider-1.0.0"), calc + "provider", "1.0.0");
        publish(fixture("calc-provider-1.1.0"), calc + "provider", "1.1.0");
        publish(fixture("calc-consumer-1.1.0"), calc + "consumer", "1.1.0");
        publish(described("greeter-upper", UPPER_DESCRIPTION), greeter + "upper", "1.0.0");
        publish(described("greeter-reverse", "Reverses the greeting by code point."), greeter + "reverse", "1.0.0");
        publish(
                described("greeter-socket", "Calls `greet(\"wreg\")` from `run`: plug a greeter into it."),
                greeter + "socket",
                "1.0.0");
        String hello = described("hello", "A WASI command that prints its arguments and `$WREG_GREETING`.");
        publish(hello, example + "hello", "0.1.0");
        publish(hello, example + "hello", "0.2.0");
        publish(described("greeter-exclaim", XSS_DESCRIPTION), example + "xss", "0.1.0");
        publish(fixture("counter-provider"), example + "counter", "0.1.0");
        ok("yank", example + "hello@0.1.0", "--reason", YANK_REASON);
        ok("deprecate", calc + "provider@1.0.0", "--message", DEPRECATION);
        ok(
                "compose",
                "plug",
                calc + "consumer@^1",
                "--plug",
                calc + "provider@^1",
                "--remote",
                "--publish",
                calc + "app@1.0.0",
                "-o",
                work.resolve("app.wasm").toString(),
                "--invoke",
                "run()");
        Path bigWit = work.resolve("big.wit");
        Files.writeString(bigWit, bigWit(), StandardCharsets.UTF_8);
        ok("wit", "--wasm", bigWit.toString(), "-o", work.resolve("big.wasm").toString());
        publish(work.resolve("big.wasm").toString(), example + "big-wit", "1.0.0");
    }

    private void publish(String file, String pkg, String version) throws Exception {
        ok("publish", file, "--package", pkg, "--version", version);
    }

    WregRunner.Result ok(String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s", String.join(" ", args), result)
                .isZero();
        return result;
    }

    private static String fixture(String name) {
        return SharedData.fixtureWasm(name).toString();
    }

    /** A fixture with a {@code description} custom section appended, as wasm-tools metadata adds it. */
    private String described(String fixture, String description) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(fixture(fixture)));
        Path out = work.resolve(fixture + "-described.wasm");
        Files.write(out, withCustomSection(bytes, "description", description.getBytes(StandardCharsets.UTF_8)));
        return out.toString();
    }

    static byte[] withCustomSection(byte[] component, String name, byte[] data) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        leb(payload, nameBytes.length);
        payload.writeBytes(nameBytes);
        payload.writeBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(component);
        out.write(0);
        leb(out, payload.size());
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int low = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? low : low | 0x80);
        } while (value != 0);
    }

    /** A WIT package whose text is over 2 MiB: one interface with 2,600 documented functions. */
    static String bigWit() {
        String doc = "Returns the bytes it was given after doing nothing with them; this sentence is long on purpose. "
                .repeat(8)
                .strip();
        List<String> lines = new ArrayList<>(List.of(
                "package big:wit@1.0.0;",
                "",
                "/// A WIT package much larger than a page shows whole.",
                "interface huge {"));
        for (int i = 0; i < 2600; i++) {
            lines.add("  /// " + doc);
            lines.add(String.format("  f%04d: func(a: u32, b: string) -> list<u8>;", i));
        }
        lines.addAll(List.of("}", "", "world big {", "  export huge;", "}", ""));
        return String.join("\n", lines);
    }
}
