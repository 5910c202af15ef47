package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.HostStreams;
import dev.wreg.engine.runtime.abi.PackedList;
import dev.wreg.engine.runtime.abi.SharedFuture;
import dev.wreg.engine.runtime.abi.SharedStream;
import dev.wreg.engine.runtime.abi.Store;
import dev.wreg.engine.runtime.abi.ValueType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The WASI 0.3.0 interfaces of {@link WasiHost} (registered at {@code @0.3.0}, next to the 0.2
 * ones, so a component picks by what it imports): {@code wasi:cli} (environment, exit, stdin,
 * stdout and stderr as {@code stream<u8>}, terminals), {@code wasi:clocks} (monotonic with async
 * waits, system) and {@code wasi:random}. Grants and limits are the host's: the same arguments,
 * environment, stdin bytes, output sinks and output budget.
 */
final class WasiP3 {
    static final String VERSION = "0.3.0";

    /** {@code result<_, error-code>} of {@code wasi:cli/types}: the payload of stdio's futures. */
    static final ValueType CLI_RESULT =
            new ValueType.ResultT(null, new ValueType.EnumT(List.of("io", "illegal-byte-sequence", "pipe")));

    private static final int CHUNK = 64 * 1024;

    /** The host whose grants, limits, clocks and randomness the 0.3 interfaces serve. */
    private final WasiHost host;

    WasiP3(WasiHost host) {
        this.host = host;
    }

    private static Linker.HostInstance inst(Linker linker, String iface) {
        return linker.instance(iface + "@" + VERSION);
    }

    private static List<Val> one(Val v) {
        return List.of(v);
    }

    private static Val u64(long v) {
        return new Val.U64(v);
    }

    private static long longOf(Val v) {
        return switch (v) {
            case Val.U64 x -> x.value();
            case Val.S64 x -> x.value();
            default -> throw new IllegalArgumentException("expected a 64-bit integer, got " + v);
        };
    }

    private static final Val OK = new Val.ResultVal(true, Optional.empty());

    void addTo(Linker linker) {
        addCli(linker);
        addClocks(linker);
        addRandom(linker);
    }

    private static Store store() {
        Store s = Store.current();
        if (s == null) {
            throw new ComponentTrap("a WASI 0.3 stream function was called outside a component call");
        }
        return s;
    }

    private void addCli(Linker linker) {
        inst(linker, "wasi:cli/environment")
                .func(
                        "get-arguments",
                        a -> one(new Val.ListVal(
                                host.args.stream().map(Val::string).toList())))
                .func(
                        "get-environment",
                        a -> one(new Val.ListVal(host.env.entrySet().stream()
                                .map(e -> (Val)
                                        new Val.TupleVal(List.of(Val.string(e.getKey()), Val.string(e.getValue()))))
                                .toList())))
                .func("get-initial-cwd", a -> one(new Val.OptionVal(Optional.empty())));
        inst(linker, "wasi:cli/exit")
                .func("exit", a -> {
                    throw new WasiExit(((Val.ResultVal) a.get(0)).isOk() ? 0 : 1);
                })
                .func("exit-with-code", a -> {
                    throw new WasiExit(((Val.U8) a.get(0)).value() & 0xff);
                });
        inst(linker, "wasi:cli/stdin").func("read-via-stream", a -> {
            Store store = store();
            SharedStream data = new SharedStream(ValueType.Prim.U8);
            SharedFuture done = new SharedFuture(CLI_RESULT);
            HostStreams.produce(store, data, PackedList.ofBytes(host.stdin), dropped -> {
                data.drop();
                HostStreams.resolve(store, done, OK, () -> {});
            });
            return one(new Val.TupleVal(List.of(new Val.StreamVal(data), new Val.FutureVal(done))));
        });
        inst(linker, "wasi:cli/stdout").func("write-via-stream", a -> one(sink(a.get(0), host.stdout)));
        inst(linker, "wasi:cli/stderr").func("write-via-stream", a -> one(sink(a.get(0), host.stderr)));
        linker.instance("wasi:cli/terminal-input@" + VERSION).resource("terminal-input");
        linker.instance("wasi:cli/terminal-output@" + VERSION).resource("terminal-output");
        // No terminals: the guest's stdio is never a TTY.
        for (String s : List.of("stdin", "stdout", "stderr")) {
            inst(linker, "wasi:cli/terminal-" + s)
                    .func("get-terminal-" + s, a -> one(new Val.OptionVal(Optional.empty())));
        }
    }

    /** Copies a guest's {@code stream<u8>} to {@code out} under the output budget; the future resolves at its end. */
    private Val sink(Val arg, OutputStream out) {
        Store store = store();
        SharedStream data = ((Val.StreamVal) arg).stream();
        SharedFuture done = new SharedFuture(CLI_RESULT);
        HostStreams.consume(
                store,
                data,
                CHUNK,
                chunk -> {
                    byte[] bytes = chunk instanceof PackedList p ? p.toByteArray() : bytesOf(chunk);
                    if (host.outputUsed.addAndGet(bytes.length) > host.limits().maxOutputBytes()) {
                        throw new WasiLimitExceeded(
                                "output",
                                "the guest wrote more than " + host.limits().maxOutputBytes()
                                        + " bytes to stdout/stderr");
                    }
                    try {
                        out.write(bytes);
                        out.flush();
                    } catch (IOException e) {
                        throw new ComponentTrap("writing the guest's output failed: " + e.getMessage(), e);
                    }
                },
                () -> HostStreams.resolve(store, done, OK, () -> {}));
        return new Val.FutureVal(done);
    }

    private static byte[] bytesOf(List<Val> vs) {
        byte[] b = new byte[vs.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = ((Val.U8) vs.get(i)).value();
        }
        return b;
    }

    private void addClocks(Linker linker) {
        inst(linker, "wasi:clocks/monotonic-clock")
                .func("now", a -> one(u64(host.monoNanos.getAsLong())))
                .func("get-resolution", a -> one(u64(1_000)))
                .asyncFunc("wait-until", a -> sleep(longOf(a.get(0)) - host.monoNanos.getAsLong()))
                .asyncFunc("wait-for", a -> sleep(longOf(a.get(0))));
        inst(linker, "wasi:clocks/system-clock")
                .func("now", a -> {
                    long n = host.wallNanos.getAsLong();
                    return one(new Val.RecordVal(List.of(
                            new Val.Field("seconds", new Val.S64(Math.floorDiv(n, 1_000_000_000L))),
                            new Val.Field("nanoseconds", new Val.U32((int) Math.floorMod(n, 1_000_000_000L))))));
                })
                .func("get-resolution", a -> one(u64(1_000)));
    }

    /**
     * A wait the guest's task blocks on while others run; a deterministic host returns at once
     * (its clocks are simulated). The run's timeout still bounds it.
     */
    private CompletableFuture<List<Val>> sleep(long nanos) {
        if (host.deterministic || nanos <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<Val>> f = new CompletableFuture<>();
        var timer = TIMER.schedule(() -> f.complete(List.of()), nanos, TimeUnit.NANOSECONDS);
        // A cancelled wait (subtask.cancel, or the run ended) leaves nothing scheduled behind.
        f.whenComplete((r, e) -> timer.cancel(false));
        return f;
    }

    /** One daemon thread for every run's timers. */
    private static final java.util.concurrent.ScheduledThreadPoolExecutor TIMER = timer();

    private static java.util.concurrent.ScheduledThreadPoolExecutor timer() {
        var t = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "wreg-wasi-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private void addRandom(Linker linker) {
        inst(linker, "wasi:random/random")
                .func("get-random-bytes", a -> one(Val.bytes(randomBytes(host.random, longOf(a.get(0))))))
                .func("get-random-u64", a -> one(u64(next(host.random))));
        inst(linker, "wasi:random/insecure")
                .func("get-insecure-random-bytes", a -> one(Val.bytes(randomBytes(host.insecure, longOf(a.get(0))))))
                .func("get-insecure-random-u64", a -> one(u64(next(host.insecure))));
        inst(linker, "wasi:random/insecure-seed")
                .func(
                        "get-insecure-seed",
                        a -> one(new Val.TupleVal(List.of(u64(next(host.insecure)), u64(next(host.insecure))))));
    }

    private static long next(Random r) {
        synchronized (r) {
            return r.nextLong();
        }
    }

    private static byte[] randomBytes(Random r, long len) {
        if (len < 0 || len > (16 << 20)) {
            throw new ComponentTrap("get-random-bytes: " + Long.toUnsignedString(len) + " bytes is too many");
        }
        byte[] b = new byte[(int) len];
        synchronized (r) {
            r.nextBytes(b);
        }
        return b;
    }
}
