package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import dev.wreg.testsupport.HostileComponents;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.Instance;
import run.endive.runtime.InterpreterMachine;
import run.endive.runtime.Machine;
import run.endive.wasm.Parser;

/**
 * Hostile guests, one test each: every one is stopped by the limit it attacks, with an error
 * naming that limit, and runs after it (or beside it) are unaffected.
 */
class HostileGuestTest {
    @TempDir
    Path tmp;

    private static final WasiHost.Limits SMALL = WasiHost.Limits.defaults()
            .withTimeout(Duration.ofSeconds(90))
            .withMaxMemoryBytes(8L << 20)
            .withMaxOutputBytes(64 << 10)
            .withMaxStackBytes(1L << 20);

    private static PreparedComponent fixture(String name) throws Exception {
        return PreparedComponent.fromBytes(Files.readAllBytes(SharedData.require("fixtures/wasm/" + name + ".wasm")));
    }

    private static String expected(String id) throws Exception {
        return Files.readString(SharedData.require("fixtures/expected/" + id + ".stdout"));
    }

    private static void assertBreaks(String limit, PreparedComponent c, WasiHost host) {
        assertThatThrownBy(() -> WasiRun.run(c, host))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(limit))
                .hasMessageContaining("limit `" + limit + "` exceeded");
    }

    @Test
    void aMemoryGrowBombStopsAtTheMemoryCap() {
        PreparedComponent bomb = PreparedComponent.fromBytes(HostileComponents.memoryBomb());
        assertBreaks("memory", bomb, WasiHost.builder().limits(SMALL).build());
        assertThatThrownBy(
                        () -> WasiRun.run(bomb, WasiHost.builder().limits(SMALL).build()))
                .hasMessageContaining(String.valueOf(8L << 20));
    }

    @Test
    void memoryWithinTheCapIsUsable() {
        // The bomb stops by itself once memory.grow fails at its own module maximum; with a cap above
        // what it can reach it exits normally. Here: a guest that only needs one page.
        assertThat(WasiRun.run(
                        PreparedComponent.fromBytes(HostileComponents.harmless()),
                        WasiHost.builder()
                                .limits(SMALL.withMaxMemoryBytes(64 << 10))
                                .build()))
                .isZero();
    }

    @Test
    void anInitialMemoryAboveTheCapFailsAtInstantiation() throws Exception {
        // hello's C runtime starts with more than one page of memory.
        assertBreaks(
                "memory",
                fixture("hello"),
                WasiHost.builder()
                        .args("hello")
                        .limits(SMALL.withMaxMemoryBytes(64 << 10))
                        .build());
    }

    @Test
    void aTableGrowBombIsRefusedByTheTableLimit() {
        assertBreaks(
                "tables",
                PreparedComponent.fromBytes(HostileComponents.tableBomb()),
                WasiHost.builder().limits(SMALL).build());
    }

    @Test
    void tooManyInstancesBreakTheInstanceLimit() {
        assertBreaks(
                "instances",
                PreparedComponent.fromBytes(HostileComponents.manyInstances(50)),
                WasiHost.builder().limits(SMALL.withMaxInstances(20)).build());
        assertThat(WasiRun.run(
                        PreparedComponent.fromBytes(HostileComponents.manyInstances(50)),
                        WasiHost.builder().limits(SMALL).build()))
                .isZero();
    }

    @Test
    void unboundedRecursionBreaksTheStackLimit() {
        assertBreaks(
                "stack",
                PreparedComponent.fromBytes(HostileComponents.unboundedRecursion()),
                WasiHost.builder().limits(SMALL).build());
        assertThat(WasiRun.run(
                        PreparedComponent.fromBytes(HostileComponents.harmless()),
                        WasiHost.builder().limits(SMALL).build()))
                .isZero();
    }

    @Test
    void anInfiniteLoopBreaksTheTimeout() {
        long start = System.nanoTime();
        assertBreaks(
                "timeout",
                PreparedComponent.fromBytes(HostileComponents.infiniteLoop()),
                WasiHost.builder()
                        .limits(SMALL.withTimeout(Duration.ofMillis(300)))
                        .build());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    /**
     * The timeout interrupts the guest's thread; both Endive's interpreter and its runtime
     * compiler must notice the interrupt inside a loop with no calls in it.
     */
    @Test
    void interruptionStopsAnInfiniteLoopInTheInterpreterAndInCompiledCode() throws Exception {
        var module = Parser.parse(HostileComponents.infiniteLoopCore());
        List<Function<Instance, Machine>> machines = List.of(InterpreterMachine::new, MachineFactoryCompiler::compile);
        for (Function<Instance, Machine> machine : machines) {
            Instance instance =
                    Instance.builder(module).withMachineFactory(machine).build();
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    instance.export("run").apply();
                } catch (Throwable e) {
                    ended.set(e);
                }
            });
            t.setDaemon(true);
            t.start();
            t.join(200);
            assertThat(t.isAlive()).as("still looping before the interrupt").isTrue();
            t.interrupt();
            t.join(Duration.ofSeconds(10));
            assertThat(t.isAlive()).as("stopped by the interrupt").isFalse();
            assertThat(ended.get()).isNotNull();
        }
    }

    /** The memory cap holds in compiled code too: the budgeted memory is the same object. */
    @Test
    void theMemoryCapHoldsInCompiledCode() {
        var budget = new dev.wreg.engine.runtime.internal.LimitBudget(
                dev.wreg.engine.runtime.ResourceLimits.defaults().withMaxMemoryBytes(4L << 20));
        Instance instance = Instance.builder(Parser.parse(HostileComponents.memoryBombCore()))
                .withMachineFactory(MachineFactoryCompiler::compile)
                .withMemoryFactory(budget::newMemory)
                .build();
        assertThatThrownBy(() -> instance.export("run").apply())
                .satisfies(e -> assertThat(dev.wreg.engine.runtime.LimitExceededException.findIn(e))
                        .hasValueSatisfying(l -> assertThat(l.limit()).isEqualTo("memory")));
        assertThat(instance.memory().pages()).isLessThanOrEqualTo(64);
    }

    @Test
    void aFloodOfStdoutBreaksTheOutputLimit() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.write(data.resolve("input.txt"), "flood ".repeat(400_000).getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertBreaks(
                "output",
                fixture("cat-file"),
                WasiHost.builder()
                        .args("cat-file")
                        .preopen(data, "/data", false)
                        .stdout(out)
                        .limits(SMALL)
                        .build());
        assertThat(out.size()).isLessThanOrEqualTo(64 << 10);
    }

    @Test
    void aGuestCannotReadOutsideItsPreopenThroughAHardLink() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-CONTENT\n");
        Files.createLink(data.resolve("input.txt"), secret);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = WasiRun.run(
                fixture("cat-file"),
                WasiHost.builder()
                        .args("cat-file")
                        .preopen(data, "/data", false)
                        .stdout(out)
                        .build());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("TOP-SECRET");
    }

    @Test
    void aGuestCannotOpenASocketWithoutAGrant() {
        PreparedComponent c = PreparedComponent.fromBytes(SocketCommand.openTcpSocket());
        WasiRun.Outcome o = WasiRun.runDetailed(c, WasiHost.builder().build());
        assertThat(o.trap()).isNull();
        assertThat(o.exitCode()).as("create-tcp-socket answered err").isEqualTo(1);
        // Control: with a host that hands out a socket, the same guest reports success.
        Linker linker = WasiHost.builder().build().addTo(new Linker());
        var socket = linker.instance("wasi:sockets/tcp@0.2.12").resource("tcp-socket");
        linker.instance("wasi:sockets/tcp-create-socket@0.2.12")
                .func(
                        "create-tcp-socket",
                        a -> List.of(new Val.ResultVal(
                                true, Optional.of(new Val.Resource(new ResourceHandle(socket, 1, true))))));
        List<Val> r = c.instantiate(linker).call("wasi:cli/run#run", List.of());
        assertThat(r).containsExactly(new Val.ResultVal(true, Optional.empty()));
    }

    /** One of the mixed runs: what it runs and what it must end with. */
    private record Job(String name, PreparedComponent component, WasiHost host, ByteArrayOutputStream out) {}

    @Test
    void aHundredConcurrentRunsOfHostileAndGoodGuestsAreEachContained() throws Exception {
        PreparedComponent hello = fixture("hello");
        PreparedComponent catFile = fixture("cat-file");
        PreparedComponent loop = PreparedComponent.fromBytes(HostileComponents.infiniteLoop());
        PreparedComponent bomb = PreparedComponent.fromBytes(HostileComponents.memoryBomb());
        PreparedComponent recursion = PreparedComponent.fromBytes(HostileComponents.unboundedRecursion());
        PreparedComponent tables = PreparedComponent.fromBytes(HostileComponents.tableBomb());
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("input.txt"), "good data\n");
        Path big = Files.createDirectories(tmp.resolve("big"));
        Files.write(big.resolve("input.txt"), "flood ".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
        String helloOut = expected("hello");

        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WasiHost.Builder b = WasiHost.builder().stdout(out).limits(SMALL);
            jobs.add(
                    switch (i % 10) {
                        case 0 ->
                            new Job(
                                    "timeout",
                                    loop,
                                    b.limits(SMALL.withTimeout(Duration.ofMillis(500)))
                                            .build(),
                                    out);
                        case 1 -> new Job("memory", bomb, b.build(), out);
                        case 2 -> new Job("stack", recursion, b.build(), out);
                        case 3 -> new Job("tables", tables, b.build(), out);
                        case 4 ->
                            new Job(
                                    "output",
                                    catFile,
                                    b.args("cat-file")
                                            .preopen(big, "/data", false)
                                            .build(),
                                    out);
                        case 5, 6 ->
                            new Job(
                                    "cat",
                                    catFile,
                                    b.args("cat-file")
                                            .preopen(data, "/data", false)
                                            .build(),
                                    out);
                        default ->
                            new Job(
                                    "hello",
                                    hello,
                                    b.args("hello", "alpha", "beta gamma")
                                            .env("WREG_GREETING", "bonjour")
                                            .build(),
                                    out);
                    });
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (Job job : jobs) {
                results.add(pool.submit(() -> {
                    try {
                        return "exit " + WasiRun.run(job.component(), job.host());
                    } catch (WasiLimitExceeded e) {
                        return "limit " + e.limit();
                    }
                }));
            }
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                String result = results.get(i).get(2, TimeUnit.MINUTES);
                switch (job.name()) {
                    case "hello" -> {
                        assertThat(result).as("run %d", i).isEqualTo("exit 0");
                        assertThat(job.out().toString(StandardCharsets.UTF_8)).isEqualTo(helloOut);
                    }
                    case "cat" -> {
                        assertThat(result).as("run %d", i).isEqualTo("exit 0");
                        assertThat(job.out().toString(StandardCharsets.UTF_8))
                                .isEqualTo("good data\n-- 10 bytes, 1 lines\n");
                    }
                    default -> assertThat(result).as("run %d", i).isEqualTo("limit " + job.name());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
