package dev.wreg.cli.run;

import dev.wreg.cli.CliException;
import dev.wreg.cli.CommandBase;
import dev.wreg.cli.ExitCode;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.runtime.CompiledModuleCache;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.LinkException;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.wave.Wave;
import dev.wreg.engine.runtime.wave.WaveException;
import dev.wreg.engine.wasi.WasiHost;
import dev.wreg.engine.wasi.WasiLimitExceeded;
import dev.wreg.engine.wasi.WasiRun;
import dev.wreg.validator.Validator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg run FILE.wasm [-- args…]} runs a WASI command ({@code wasi:cli/run}) and exits with
 * the guest's status; {@code wreg run FILE.wasm --invoke 'f(arg, …)'} calls one export with WAVE
 * arguments and prints the result in WAVE. Either way the guest gets only what the options grant:
 * no environment, no directories, no network.
 */
@Command(
        name = "run",
        description = {
            "Run a WASI command component (wasi:cli/run), or call one export with --invoke.",
            "The guest gets nothing but what the options grant (deny by default)."
        },
        mixinStandardHelpOptions = true)
public final class RunCommand extends CommandBase {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG])?[bB]?");

    @Parameters(index = "0", paramLabel = "FILE", description = "The component (.wasm).")
    String file;

    @Parameters(
            index = "1..*",
            paramLabel = "ARGS",
            description = "Arguments for the guest program (after --); argument 0 is FILE's name.")
    List<String> guestArgs = new ArrayList<>();

    @Option(
            names = "--invoke",
            paramLabel = "CALL",
            description = "The call in WAVE syntax, e.g. 'greet(\"wreg\")'. A bare name finds the one export of that"
                    + " name, at the top level or inside an exported interface; 'ns:pkg/iface#f' names one"
                    + " explicitly.")
    String invoke;

    @Option(
            names = "--dir",
            paramLabel = "HOST::GUEST[:ro]",
            description = "Preopen the host directory HOST as GUEST (read-write, as wasmtime does; add :ro for"
                    + " read-only). Paths never escape it: '..', absolute paths and symlinks are refused.")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "Set an environment variable for the guest.")
    List<String> envs = new ArrayList<>();

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            defaultValue = "1G",
            description = "Cap on the guest's linear memory, all core instances together, e.g. 64M, 512M, 2G"
                    + " (default: ${DEFAULT-VALUE}).")
    String maxMemory;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "Wall-clock limit of the run, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            defaultValue = "interpreter",
            description = "How core modules run: interpreter (starts at once; right for short runs), compiler"
                    + " (translated to JVM bytecode first; for heavy work), auto (compile modules with 16 KiB to 4 MiB"
                    + " of code, interpret the rest). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(
            names = {"-f", "--features"},
            paramLabel = "FEATURES",
            description = "Validate with these features, in wasm-tools -f syntax relative to its defaults, as"
                    + " 'wreg validate' takes them: gated async features such as cm-error-context,"
                    + " cm-async-stackful or cm-more-async-builtins must be turned on to run components that use"
                    + " them.")
    String features;

    @Override
    protected void execute() {
        Path path = env().resolve(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        // The runtime only checks what instantiation needs; validation proper is the validator's.
        // A component validated by this build before is not validated again, and modules compiled
        // before are loaded, not compiled: both are kept in wreg's cache folder.
        ExecutionPolicy policy = parseEngine(engine);
        Optional<Path> cache = cacheDir();
        cache.ifPresent(dir -> CompiledModuleCache.useDirectory(dir.resolve("modules")));
        Optional<ValidVerdicts> known = cache.flatMap(dir -> ValidVerdicts.forRunningValidator(dir.resolve("valid")));
        // Preparing (decoding, parsing and maybe compiling the core modules) runs while the
        // validator works: for a large component both take seconds. Nothing is instantiated, and
        // so nothing of the guest runs, before the validator has accepted the component.
        CompletableFuture<PreparedComponent> prepared = new CompletableFuture<>();
        Thread preparing = Thread.ofPlatform().daemon().name("wreg-prepare").start(() -> {
            try {
                prepared.complete(PreparedComponent.fromValidatedBytes(bytes, policy));
            } catch (Throwable t) {
                prepared.completeExceptionally(t);
            }
        });
        Features featureSet = null;
        if (features != null) {
            try {
                featureSet = Features.parse(features);
            } catch (IllegalArgumentException e) {
                preparing.interrupt();
                throw CliException.usage("--features: " + e.getMessage());
            }
            // Verdicts are remembered for the default features only.
            known = Optional.empty();
        }
        if (known.isEmpty() || !known.get().knownValid(bytes)) {
            ValidationResult verdict =
                    featureSet == null ? Validator.validate(bytes) : Validator.validate(bytes, featureSet);
            if (!verdict.isValid()) {
                preparing.interrupt();
                throw CliException.usage(file + " is not a valid component: " + verdict);
            }
            known.ifPresent(k -> k.rememberValid(bytes));
        }
        PreparedComponent component;
        try {
            component = prepared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ComponentFormatException
                    || e.getCause() instanceof PreparedComponent.InvalidModuleException) {
                throw CliException.usage(
                        file + " is not a valid component: " + e.getCause().getMessage());
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        WasiHost host = host(path);
        if (invoke == null) {
            runCommand(component, host);
        } else {
            invoke(component, host);
        }
    }

    /** wreg's cache folder, or none when neither HOME nor XDG_CACHE_HOME says where it is. */
    private Optional<Path> cacheDir() {
        try {
            return Optional.of(locations().cacheDir());
        } catch (CliException e) {
            return Optional.empty();
        }
    }

    private WasiHost host(Path path) {
        List<String> argv = new ArrayList<>();
        argv.add(path.getFileName().toString());
        argv.addAll(guestArgs);
        WasiHost.Builder builder = WasiHost.builder()
                .args(argv)
                .stdout(env().out())
                .stderr(env().err())
                .limits(WasiHost.Limits.defaults()
                        .withTimeout(parseDuration(timeout))
                        .withMaxMemoryBytes(parseSize(maxMemory)));
        for (String pair : envs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--env takes K=V, not '" + pair + "'");
            }
            builder.env(pair.substring(0, eq), pair.substring(eq + 1));
        }
        for (String dir : dirs) {
            addPreopen(builder, dir);
        }
        if (invoke == null && System.console() == null) {
            // Piped or redirected stdin reaches the guest; an interactive terminal is not read ahead.
            try {
                builder.stdin(env().in().readAllBytes());
            } catch (IOException e) {
                throw CliException.usage("cannot read standard input: " + e.getMessage());
            }
        }
        return builder.build();
    }

    private void addPreopen(WasiHost.Builder builder, String spec) {
        boolean writable = true;
        String text = spec;
        if (text.endsWith(":ro")) {
            writable = false;
            text = text.substring(0, text.length() - 3);
        } else if (text.endsWith(":rw")) {
            text = text.substring(0, text.length() - 3);
        }
        int sep = text.indexOf("::");
        String hostDir = sep < 0 ? text : text.substring(0, sep);
        String guestDir = sep < 0 ? text : text.substring(sep + 2);
        Path hostPath = env().resolve(hostDir);
        if (!Files.isDirectory(hostPath)) {
            throw CliException.usage("--dir " + spec + ": " + hostDir + " is not a directory");
        }
        if (guestDir.isEmpty()) {
            throw CliException.usage("--dir " + spec + ": the guest path is empty");
        }
        builder.preopen(hostPath, guestDir, writable);
    }

    private void runCommand(PreparedComponent component, WasiHost host) {
        WasiRun.Outcome outcome;
        try {
            outcome = WasiRun.runDetailed(component, host);
        } catch (WasiLimitExceeded e) {
            env().out().flush();
            throw limitExceeded(e);
        } catch (LinkException e) {
            throw new CliException(ExitCode.SOFTWARE, "cannot instantiate " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.startsWith("no exported function named `wasi:cli/run")) {
                throw e;
            }
            // A library, not a command: say how to call what it does export.
            int exported = message.indexOf("; exported: ");
            throw CliException.usage(file + " is not a command (it does not export wasi:cli/run); call one of its"
                    + " functions with --invoke 'name(args)'"
                    + (exported < 0 ? "" : ", exported: " + message.substring(exported + "; exported: ".length())));
        }
        env().out().flush();
        if (outcome.trap() != null) {
            env().err().println("wreg: " + file + " trapped: " + outcome.trap());
        }
        exitStatus(outcome.exitCode());
    }

    private void invoke(PreparedComponent component, WasiHost host) {
        Wave.Call call;
        try {
            call = Wave.parseCall(invoke);
        } catch (WaveException e) {
            throw CliException.usage(e.getMessage());
        }
        ComponentInstance instance;
        try {
            instance = WasiRun.guarded(host, () -> component.instantiate(host.addTo(new Linker())));
        } catch (WasiLimitExceeded e) {
            throw limitExceeded(e);
        } catch (LinkException e) {
            throw new CliException(ExitCode.SOFTWARE, "cannot instantiate " + file + ": " + e.getMessage());
        } catch (ComponentTrap e) {
            throw new CliException(ExitCode.SOFTWARE, "trap while instantiating " + file + ": " + e.getMessage());
        }
        FuncType type;
        List<Val> args;
        try {
            type = instance.type(call.function());
            args = Wave.parseArguments(call.argumentText(), type.params());
        } catch (IllegalArgumentException | WaveException e) {
            throw CliException.usage(e.getMessage());
        }
        List<Val> results;
        try {
            results = WasiRun.guarded(host, () -> instance.call(call.function(), args));
        } catch (WasiLimitExceeded e) {
            throw limitExceeded(e);
        } catch (ComponentTrap e) {
            throw new CliException(ExitCode.SOFTWARE, "trap: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        if (!results.isEmpty()) {
            println(Wave.print(results.getFirst(), type.result()));
        }
    }

    static ExecutionPolicy parseEngine(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "interpreter" -> ExecutionPolicy.INTERPRETER;
            case "compiler" -> ExecutionPolicy.COMPILER;
            case "auto" -> ExecutionPolicy.AUTO;
            default -> throw CliException.usage("--engine takes interpreter, compiler or auto, not '" + text + "'");
        };
    }

    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw CliException.usage("--timeout takes a duration such as 500ms, 10s or 2m, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw CliException.usage("--timeout must be positive");
        }
        return d;
    }

    private static CliException limitExceeded(WasiLimitExceeded e) {
        return new CliException(ExitCode.SOFTWARE, e.limit() + " limit exceeded: " + e.detail());
    }

    /** {@code 65536}, {@code 64K}, {@code 512M}, {@code 2G} (binary units, B optional). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw CliException.usage("--max-memory takes a size such as 64M, 512M or 2G, not '" + text + "'");
        }
        int shift = switch (m.group(2) == null ? "" : m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw CliException.usage("--max-memory is too large: " + text);
        }
        if (n == 0 || n > (Long.MAX_VALUE >> shift)) {
            throw CliException.usage("--max-memory must be positive and finite, not '" + text + "'");
        }
        return n << shift;
    }
}
