package dev.wreg.bench;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.runtime.CompiledModuleCache;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.internal.ModuleCache;
import dev.wreg.engine.wasi.WasiHost;
import dev.wreg.validator.Validator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the start of a WASI command goes (issue 16 §3), one phase after the other in one fresh
 * JVM, as {@code wreg run} does them (it overlaps validation with preparing; here they are apart so
 * each can be timed): read, validate, decode, parse the core modules, compile or load them from the
 * compiled-module cache, instantiate, and the first call ({@code wasi:cli/run#run}, the whole run
 * of a command). {@code bench/run-bench.sh} runs it cold (empty cache folder) and warm.
 *
 * <p>Usage: {@code java -cp wreg-benchmarks.jar dev.wreg.bench.StartupPhases FILE.wasm ENGINE
 * [CACHE-DIR]}; prints one line of milliseconds per phase.
 */
public final class StartupPhases {
    private StartupPhases() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path file = Path.of(args[0]);
        ExecutionPolicy policy = ExecutionPolicy.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        if (args.length > 2) {
            CompiledModuleCache.useDirectory(Path.of(args[2]));
        }
        byte[] bytes = Files.readAllBytes(file);
        long read = System.nanoTime();
        boolean valid = Validator.validate(bytes).isValid();
        long validated = System.nanoTime();
        Component model = ComponentDecoder.decode(bytes);
        long decoded = System.nanoTime();
        // As wreg run: a component the validator accepted has its function bodies parsed on first run.
        PreparedComponent prepared =
                valid ? PreparedComponent.ofValidated(model, policy) : PreparedComponent.of(model, policy);
        long preparedAt = System.nanoTime();
        ModuleCache.Timings t = ModuleCache.shared().timings();
        WasiHost host = WasiHost.builder()
                .args(file.getFileName().toString())
                .stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream())
                .limits(WasiHost.Limits.defaults().withTimeout(Duration.ofMinutes(30)))
                .build();
        Linker linker = host.addTo(new Linker());
        ComponentInstance instance = prepared.instantiate(linker);
        long instantiated = System.nanoTime();
        List<Val> r = instance.call("wasi:cli/run#run", List.of());
        long called = System.nanoTime();
        ModuleCache.DiskStats disk = ModuleCache.shared().diskStats();
        ModuleCache.OnDemand onDemand = ModuleCache.bodiesParsedOnDemand();
        System.out.printf(
                "%s %s: read %d, validate %d (%s), decode %d, prepare %d (parse %d, compile %d, load %d;"
                        + " %s compiled), instantiate %d, first call %d (%s; %d bodies parsed on first run, %d ms), total %d ms;"
                        + " disk reads %d, writes %d%n",
                file.getFileName(),
                policy,
                ms(read - t0),
                ms(validated - read),
                valid ? "valid" : "INVALID",
                ms(decoded - validated),
                ms(preparedAt - decoded),
                ms(t.parseNanos()),
                ms(t.compileNanos()),
                ms(t.loadNanos()),
                prepared.engineSummary().compiledModules() + "/"
                        + prepared.engineSummary().modules(),
                ms(instantiated - preparedAt),
                ms(called - instantiated),
                r.isEmpty() ? "no result" : r.getFirst().toString(),
                onDemand.bodies(),
                ms(onDemand.parseNanos()),
                ms(called - t0),
                disk.reads(),
                disk.writes());
        System.exit(0);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
