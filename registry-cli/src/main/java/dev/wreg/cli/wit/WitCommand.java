package dev.wreg.cli.wit;

import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.binary.WasmHeader;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.engine.wit.component.WitDecodeException;
import dev.wreg.engine.wit.component.WitPackageEncoder;
import dev.wreg.engine.wit.text.WitParseException;
import dev.wreg.engine.wit.text.WitParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wreg wit}: prints the WIT of a component, of a WIT package encoded as a component, or of
 * WIT text (a file or a package directory with {@code deps/}), as {@code wasm-tools component wit}
 * does; with {@code --wasm}, encodes a WIT package as a component instead.
 */
@Command(
        name = "wit",
        mixinStandardHelpOptions = true,
        description = {
            "Print the WIT of a component (or of a WIT package, encoded or as text).",
            "With --wasm, encode a WIT package (a .wit file or a directory with deps/) as a component."
        })
public final class WitCommand implements Callable<Integer> {
    /** Exit code for input that is not a valid component or WIT. */
    static final int EXIT_BAD_INPUT = dev.wreg.cli.ExitCode.USAGE;

    @Parameters(
            index = "0",
            paramLabel = "INPUT",
            description = "A .wasm component, a .wit file or a WIT package directory.")
    Path input;

    @Option(names = "--wasm", description = "Encode the WIT package as a component (binary) instead of printing WIT.")
    boolean wasm;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--no-docs", description = "Leave doc comments out of the printed WIT.")
    boolean noDocs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Loaded loaded = load(input);
            if (wasm) {
                byte[] bytes = WitPackageEncoder.encode(loaded.resolve(), loaded.main());
                if (output == null) {
                    err.println("wreg: --wasm writes binary output; give a file with -o");
                    return EXIT_BAD_INPUT;
                }
                Files.write(output, bytes);
                return 0;
            }
            String text = WitPrinter.print(
                    loaded.resolve(), loaded.main(), otherPackages(loaded.resolve(), loaded.main()), !noDocs);
            if (output != null) {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.print(text);
                out.flush();
            }
            return 0;
        } catch (NotAComponent e) {
            err.println("wreg: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (WitParseException e) {
            err.println("wreg: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (WitDecodeException | ComponentFormatException e) {
            err.println("wreg: " + input + ": " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("wreg: no such file: " + e.getFile());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("wreg: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
    }

    private record Loaded(WitResolve resolve, PackageId main) {}

    /** Input that is WebAssembly but no component whose WIT can be printed. */
    private static final class NotAComponent extends RuntimeException {
        NotAComponent(String message) {
            super(message);
        }
    }

    private static Loaded load(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            byte[] bytes = Files.readAllBytes(input);
            if (WasmHeader.hasMagic(bytes)) {
                var header = WasmHeader.of(bytes);
                if (header.isEmpty() || !header.get().isSupportedComponent()) {
                    throw new NotAComponent(input
                            + (header.isPresent() && header.get().isSupportedCoreModule()
                                    ? " is a core WebAssembly module, not a component: it has no WIT to print"
                                    : " is WebAssembly, but not a component of a version wreg reads"));
                }
                try {
                    ComponentWit.Decoded d = ComponentWit.decode(bytes);
                    return new Loaded(d.resolve(), d.main());
                } catch (WitDecodeException | ComponentFormatException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new NotAComponent(input + ": cannot read its WIT: " + e.getMessage());
                }
            }
        }
        WitParser.Parsed parsed = WitParser.parsePath(input);
        return new Loaded(parsed.resolve(), parsed.main());
    }

    private static java.util.List<PackageId> otherPackages(WitResolve resolve, PackageId main) {
        java.util.List<PackageId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < resolve.packages().size(); i++) {
            if (i != main.index()) {
                ids.add(new PackageId(i));
            }
        }
        return ids;
    }
}
