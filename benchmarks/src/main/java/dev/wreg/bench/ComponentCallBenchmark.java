package dev.wreg.bench;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Call overhead of component exports through the canonical ABI (issue 6), per engine, on one
 * long-lived instance:
 *
 * <ul>
 *   <li>{@code greetString}: greeter-upper {@code greet(string) -> string} with a short string
 *       (calls/s);
 *   <li>{@code joinOneMiB}: types-kitchen {@code join(list<string>, string) -> string} with one
 *       1 MiB string: 1 MiB lowered into guest memory and 1 MiB lifted back, the byte-copy path a
 *       {@code list<u8>} takes (no fixture exports a {@code list<u8>} function). MiB/s = ops/s;
 *   <li>{@code sumOneMiB}: types-kitchen {@code sum(list<s32>) -> s64} over 262,144 values
 *       (1 MiB), the per-element path. MiB/s = ops/s.
 *   <li>{@code echoBytesOneMiB} / {@code echoStringOneMiB}: {@link EchoComponent}'s {@code
 *       echo-bytes(list<u8>) -> list<u8>} and {@code echo-string(string) -> string}, whose guest
 *       only hands the pointer back: 1 MiB lowered into guest memory and 1 MiB lifted out, the
 *       canonical ABI's bulk copies alone (issue 16 §5, target 500 MiB/s compiled). MiB/s =
 *       ops/s.
 *   <li>{@code echoStringUtf16OneMiB} / {@code echoStringLatin1Utf16OneMiB}: the same 1 MiB ASCII
 *       string through a guest whose strings are UTF-16 (2 MiB in its memory) and latin1+utf16
 *       (1 MiB of Latin-1). MiB/s (of the string's chars) = ops/s.
 * </ul>
 *
 * <p>{@link BulkCopyReferenceBenchmark} measures the JDK copies the same data needs at the least;
 * run both in one JMH run to see the two side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ComponentCallBenchmark {

    @Param({"INTERPRETER", "COMPILER"})
    public ExecutionPolicy engine;

    private ComponentInstance upper;
    private ComponentInstance kitchen;
    private PreparedComponent kitchenComponent;
    private List<Val> greetArgs;
    private List<Val> joinArgs;
    private List<Val> sumArgs;
    private ComponentInstance echo;
    private List<Val> echoBytesArgs;
    private List<Val> echoStringArgs;

    @Setup(Level.Trial)
    public void prepare() {
        upper = PreparedComponent.fromBytes(Fixtures.wasm("greeter-upper"), engine)
                .instantiate(new Linker());
        kitchenComponent = PreparedComponent.fromBytes(Fixtures.wasm("types-kitchen"), engine);
        kitchen = kitchenComponent.instantiate(new Linker());
        greetArgs = List.of(Val.string("Hello, wreg"));
        joinArgs = List.of(new Val.ListVal(List.of(Val.string("x".repeat(1 << 20)))), Val.string(""));
        List<Val> xs = new ArrayList<>(1 << 18);
        for (int i = 0; i < 1 << 18; i++) {
            xs.add(Val.s32(i));
        }
        sumArgs = List.of(new Val.ListVal(xs));
        echo = PreparedComponent.of(EchoComponent.build(), engine).instantiate(new Linker());
        byte[] mib = new byte[1 << 20];
        new java.util.Random(16).nextBytes(mib);
        echoBytesArgs = List.of(Val.bytes(mib));
        echoStringArgs = List.of(Val.string("x".repeat(1 << 20)));
    }

    /** sum has no post-return, so the guest's bump allocator keeps its 1 MiB: start afresh. */
    @State(Scope.Thread)
    public static class FreshKitchen {
        ComponentInstance instance;

        @Setup(Level.Iteration)
        public void instantiate(ComponentCallBenchmark b) {
            instance = b.kitchenComponent.instantiate(new Linker());
        }
    }

    @Benchmark
    public List<Val> greetString() {
        return upper.call("greet", greetArgs);
    }

    @Benchmark
    public List<Val> joinOneMiB() {
        return kitchen.call("join", joinArgs);
    }

    @Benchmark
    public List<Val> echoBytesOneMiB() {
        return echo.call("echo-bytes", echoBytesArgs);
    }

    @Benchmark
    public List<Val> echoStringOneMiB() {
        return echo.call("echo-string", echoStringArgs);
    }

    @Benchmark
    public List<Val> echoStringUtf16OneMiB() {
        return echo.call("echo-string-utf16", echoStringArgs);
    }

    @Benchmark
    public List<Val> echoStringLatin1Utf16OneMiB() {
        return echo.call("echo-string-latin1-utf16", echoStringArgs);
    }

    @Benchmark
    public List<Val> sumOneMiB(FreshKitchen fresh) {
        return fresh.instance.call("sum", sumArgs);
    }
}
