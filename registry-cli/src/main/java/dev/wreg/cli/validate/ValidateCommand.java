package dev.wreg.cli.validate;

import dev.wreg.validator.Validator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wreg validate}: validates components and core modules as wasm-tools 1.257 does. Files are
 * read and reported one at a time, so thousands of files take constant memory.
 *
 * <p>Exit codes: 0 every file valid, 1 at least one invalid or unreadable, 2 usage error (bad
 * option or feature name).
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Validate WebAssembly components and core modules (wasm-tools 1.257 rules).",
        exitCodeOnInvalidInput = 2,
        footer = {"", "Exit codes: 0 all valid, 1 any invalid or unreadable, 2 usage error."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-f", "--features"},
            description = "Features in wasm-tools -f syntax, relative to its defaults (e.g. cm-async,-cm-values).")
    String features;

    @Option(names = "--json", description = "One JSON object per line: file, valid, message, offset.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to validate.")
    List<Path> files;

    @Override
    public Integer call() {
        Features set;
        try {
            set = Features.parse(features);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("wreg: --features: " + e.getMessage());
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonMapper mapper = JsonMapper.builder().build();
        boolean allValid = true;
        for (Path file : files) {
            ValidationResult result;
            try {
                result = Validator.validate(Files.readAllBytes(file), set);
            } catch (java.nio.file.NoSuchFileException e) {
                result = ValidationResult.invalid("no such file");
            } catch (IOException | OutOfMemoryError e) {
                result = ValidationResult.invalid("cannot read file: " + e.getMessage());
            }
            allValid &= result.isValid();
            if (json) {
                ObjectNode line = mapper.createObjectNode();
                line.put("file", file.toString());
                line.put("valid", result.isValid());
                if (result instanceof ValidationResult.Invalid bad) {
                    line.put("message", bad.message());
                    if (bad.offset().isPresent()) {
                        line.put("offset", bad.offset().getAsLong());
                    } else {
                        line.putNull("offset");
                    }
                } else {
                    line.putNull("message");
                    line.putNull("offset");
                }
                out.println(mapper.writeValueAsString(line));
            } else if (result instanceof ValidationResult.Invalid bad) {
                out.println(file + ": invalid: " + bad);
            } else {
                out.println(file + ": valid");
            }
            out.flush();
        }
        return allValid ? 0 : 1;
    }
}
