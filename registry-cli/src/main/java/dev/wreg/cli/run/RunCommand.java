package dev.wreg.cli.run;

import dev.wreg.cli.CliException;
import dev.wreg.cli.CommandBase;
import dev.wreg.cli.ExitCode;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.runtime.Component;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.LinkException;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.wave.Wave;
import dev.wreg.engine.runtime.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg run FILE.wasm --invoke 'f(arg, …)'}: instantiates a component on the JVM runtime,
 * calls one export with WAVE arguments and prints the result in WAVE. Imports are not served yet
 * (the WASI host comes later); a component that needs any is reported with the imports named.
 */
@Command(
        name = "run",
        description = "Run a component locally and call one of its exported functions.",
        mixinStandardHelpOptions = true)
public final class RunCommand extends CommandBase {

    @Parameters(index = "0", paramLabel = "FILE", description = "The component (.wasm).")
    String file;

    @Option(
            names = "--invoke",
            paramLabel = "CALL",
            description = "The call in WAVE syntax, e.g. 'greet(\"wreg\")'. A bare name finds the one export of that"
                    + " name, at the top level or inside an exported interface; 'ns:pkg/iface#f' names one"
                    + " explicitly.")
    String invoke;

    @Override
    protected void execute() {
        if (invoke == null) {
            throw CliException.usage(
                    "--invoke is required: running WASI commands (wasi:cli/run) needs the WASI host, which is not"
                            + " available yet");
        }
        Path path = env().resolve(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        Wave.Call call;
        try {
            call = Wave.parseCall(invoke);
        } catch (WaveException e) {
            throw CliException.usage(e.getMessage());
        }
        Component component;
        try {
            component = Component.fromBytes(bytes);
        } catch (ComponentFormatException | Component.InvalidModuleException e) {
            throw CliException.usage(file + " is not a valid component: " + e.getMessage());
        }
        ComponentInstance instance;
        try {
            instance = component.instantiate(new Linker());
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
            results = instance.call(call.function(), args);
        } catch (ComponentTrap e) {
            throw new CliException(ExitCode.SOFTWARE, "trap: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        if (!results.isEmpty()) {
            println(Wave.print(results.getFirst(), type.result()));
        }
    }
}
