package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.ResourceLimits;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import dev.wreg.engine.runtime.abi.ResourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A WASI 0.2 host for one run. Everything is denied unless granted through the {@link Builder}: no
 * arguments, no environment, empty stdin, discarded stdout/stderr, no directories, no network.
 * Clocks and randomness are real unless made deterministic. A host holds the run's resources, so
 * build a new one for every run.
 *
 * <pre>{@code
 * WasiHost host = WasiHost.builder().args("a", "b").stdout(System.out).build();
 * int code = WasiRun.run(component, host);
 * }</pre>
 */
public final class WasiHost {
    /** The version the host functions are registered under; any 0.2.x import matches it. */
    public static final String VERSION = "0.2.12";

    /** A directory granted to the guest. */
    public record Preopen(Path hostDir, String guestPath, boolean writable) {
        public Preopen {
            Objects.requireNonNull(hostDir);
            Objects.requireNonNull(guestPath);
        }
    }

    /**
     * Resource ceilings for a run; going past one ends the run with a {@link WasiLimitExceeded}
     * naming it: {@code timeout} (wall clock, enforced by interrupting the guest), {@code output}
     * (stdout plus stderr bytes), {@code file-size}, {@code resources} (live WASI handles), {@code
     * memory} (linear-memory bytes across all core instances), {@code tables} (table elements),
     * {@code instances} (core and component instances) and {@code stack} (the guest thread's stack,
     * which bounds recursion depth).
     */
    public record Limits(
            Duration timeout,
            long maxOutputBytes,
            long maxFileSize,
            int maxResources,
            long maxMemoryBytes,
            long maxTableElements,
            int maxInstances,
            long maxStackBytes) {
        public Limits {
            Objects.requireNonNull(timeout);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive");
            }
            if (maxOutputBytes < 0 || maxFileSize < 0 || maxResources < 1 || maxStackBytes < 64 << 10) {
                throw new IllegalArgumentException("limits must be positive (the stack at least 64 KiB)");
            }
            // Checked by the runtime's own record.
            new ResourceLimits(maxMemoryBytes, maxTableElements, maxInstances);
        }

        /** The four host-side limits; memory, tables, instances and stack take their defaults. */
        public Limits(Duration timeout, long maxOutputBytes, long maxFileSize, int maxResources) {
            this(
                    timeout,
                    maxOutputBytes,
                    maxFileSize,
                    maxResources,
                    DEFAULT_MEMORY,
                    DEFAULT_TABLE_ELEMENTS,
                    DEFAULT_INSTANCES,
                    DEFAULT_STACK);
        }

        /**
         * 30 s, 64 MiB of output and per file, 10^5 resources, 1 GiB of linear memory, 10^6 table
         * elements, 1000 instances (the preview1 adapter alone makes 24) and a 64 MiB stack, which
         * real programs never reach on the interpreter.
         */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(30), 64L << 20, 64L << 20, 100_000);
        }

        public Limits withTimeout(Duration t) {
            return new Limits(
                    t,
                    maxOutputBytes,
                    maxFileSize,
                    maxResources,
                    maxMemoryBytes,
                    maxTableElements,
                    maxInstances,
                    maxStackBytes);
        }

        public Limits withMaxOutputBytes(long bytes) {
            return new Limits(
                    timeout,
                    bytes,
                    maxFileSize,
                    maxResources,
                    maxMemoryBytes,
                    maxTableElements,
                    maxInstances,
                    maxStackBytes);
        }

        public Limits withMaxMemoryBytes(long bytes) {
            return new Limits(
                    timeout,
                    maxOutputBytes,
                    maxFileSize,
                    maxResources,
                    bytes,
                    maxTableElements,
                    maxInstances,
                    maxStackBytes);
        }

        public Limits withMaxTableElements(long elements) {
            return new Limits(
                    timeout,
                    maxOutputBytes,
                    maxFileSize,
                    maxResources,
                    maxMemoryBytes,
                    elements,
                    maxInstances,
                    maxStackBytes);
        }

        public Limits withMaxInstances(int instances) {
            return new Limits(
                    timeout,
                    maxOutputBytes,
                    maxFileSize,
                    maxResources,
                    maxMemoryBytes,
                    maxTableElements,
                    instances,
                    maxStackBytes);
        }

        public Limits withMaxStackBytes(long bytes) {
            return new Limits(
                    timeout,
                    maxOutputBytes,
                    maxFileSize,
                    maxResources,
                    maxMemoryBytes,
                    maxTableElements,
                    maxInstances,
                    bytes);
        }

        /** The part the component runtime enforces while instantiating and running core code. */
        public ResourceLimits runtime() {
            return new ResourceLimits(maxMemoryBytes, maxTableElements, maxInstances);
        }

        private static final long DEFAULT_MEMORY = 1L << 30;
        private static final long DEFAULT_TABLE_ELEMENTS = 1_000_000;
        private static final int DEFAULT_INSTANCES = 1000;
        private static final long DEFAULT_STACK = 64L << 20;
    }

    // Package-private: the WASI 0.3 interfaces (WasiP3) serve the same grants, clocks and randomness.
    final List<String> args;
    final Map<String, String> env;
    final byte[] stdin;
    final OutputStream stdout;
    final OutputStream stderr;
    private final List<Preopen> preopens;
    private final Limits limits;
    final LongSupplier wallNanos;
    final LongSupplier monoNanos;
    final Random random;
    final Random insecure;
    private final ResourceTable table;
    final AtomicLong outputUsed = new AtomicLong();

    private WasiHost(Builder b) {
        this.args = List.copyOf(b.args);
        this.env = Map.copyOf(b.env);
        this.stdin = b.stdin.clone();
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.preopens = List.copyOf(b.preopens);
        this.limits = b.limits;
        if (b.seed != null) {
            long seed = b.seed;
            long[] tick = {0};
            this.wallNanos = () -> 1_700_000_000_000_000_000L + tick[0]++ * 1_000_000L;
            long[] mono = {0};
            this.monoNanos = () -> (mono[0]++) * 1_000_000L;
            this.random = new Random(seed);
            this.insecure = new Random(seed ^ 0x5DEECE66DL);
        } else {
            this.wallNanos = () -> {
                var now = java.time.Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            };
            long start = System.nanoTime();
            this.monoNanos = () -> System.nanoTime() - start;
            this.random = new SecureRandom();
            this.insecure = new Random();
        }
        this.table = new ResourceTable(limits.maxResources());
        this.deterministic = b.seed != null;
    }

    final boolean deterministic;

    public static Builder builder() {
        return new Builder();
    }

    public Limits limits() {
        return limits;
    }

    private WasiHttp http;

    /** The HTTP side of this host, once {@link #addTo} has linked it. */
    WasiHttp http() {
        if (http == null) {
            throw new IllegalStateException("the host is not linked yet");
        }
        return http;
    }

    private WasiP3Http httpP3;

    /** The WASI 0.3 HTTP side of this host, once {@link #addTo} has linked it. */
    WasiP3Http httpP3() {
        if (httpP3 == null) {
            throw new IllegalStateException("the host is not linked yet");
        }
        return httpP3;
    }

    /** Grants, deny by default. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private byte[] stdin = new byte[0];
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private final List<Preopen> preopens = new ArrayList<>();
        private Limits limits = Limits.defaults();
        private Long seed;

        /** The guest's argv; argv[0] is the program name, as wasmtime and jco pass it. */
        public Builder args(List<String> a) {
            args.clear();
            args.addAll(a);
            return this;
        }

        public Builder args(String... a) {
            return args(List.of(a));
        }

        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder env(Map<String, String> vars) {
            vars.forEach(this::env);
            return this;
        }

        public Builder stdin(byte[] bytes) {
            stdin = bytes.clone();
            return this;
        }

        public Builder stdout(OutputStream out) {
            stdout = Objects.requireNonNull(out);
            return this;
        }

        public Builder stderr(OutputStream err) {
            stderr = Objects.requireNonNull(err);
            return this;
        }

        /** Grants {@code hostDir} as {@code guestPath}; read-only unless {@code writable}. */
        public Builder preopen(Path hostDir, String guestPath, boolean writable) {
            Path real;
            try {
                real = hostDir.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("preopened directory does not exist: " + hostDir, e);
            }
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("preopen is not a directory: " + hostDir);
            }
            preopens.add(new Preopen(real, guestPath, writable));
            return this;
        }

        public Builder limits(Limits l) {
            limits = Objects.requireNonNull(l);
            return this;
        }

        /** Fixed clocks (advancing 1 ms per reading) and seeded randomness, for reproducible tests. */
        public Builder deterministic(long seed) {
            this.seed = seed;
            return this;
        }

        public WasiHost build() {
            return new WasiHost(this);
        }
    }

    // ---- Val helpers ----

    private static Val u64(long v) {
        return new Val.U64(v);
    }

    private static Val ok(Val v) {
        return new Val.ResultVal(true, Optional.ofNullable(v));
    }

    private static Val err(Val v) {
        return new Val.ResultVal(false, Optional.ofNullable(v));
    }

    private static Val enumVal(String s) {
        return new Val.EnumVal(s);
    }

    private static Val bytes(byte[] b) {
        List<Val> out = new ArrayList<>(b.length);
        for (byte x : b) {
            out.add(new Val.U8(x));
        }
        return new Val.ListVal(out);
    }

    private static byte[] bytesOf(Val v) {
        List<Val> l = ((Val.ListVal) v).elements();
        byte[] out = new byte[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Val.U8) l.get(i)).value();
        }
        return out;
    }

    private static long longOf(Val v) {
        return switch (v) {
            case Val.U64 u -> u.value();
            case Val.S64 s -> s.value();
            case Val.U32 u -> Integer.toUnsignedLong(u.value());
            default -> throw new ComponentTrap("expected an integer, got " + v);
        };
    }

    private static int rep(Val v) {
        return ((Val.Resource) v).handle().rep();
    }

    private static String str(Val v) {
        return ((Val.Str) v).value();
    }

    private Val own(ResourceType type, Object o) {
        return new Val.Resource(new ResourceHandle(type, table.add(o), true));
    }

    private static List<Val> one(Val v) {
        return List.of(v);
    }

    private static final List<Val> NONE = List.of();

    private static Val datetime(long nanos) {
        return new Val.RecordVal(List.of(
                new Val.Field("seconds", u64(Math.floorDiv(nanos, 1_000_000_000L))),
                new Val.Field("nanoseconds", new Val.U32((int) Math.floorMod(nanos, 1_000_000_000L)))));
    }

    // ---- linking ----

    private ResourceType errorT;
    private ResourceType pollableT;
    private ResourceType inT;
    private ResourceType outT;
    private ResourceType descT;
    private ResourceType dirStreamT;

    private String n(String iface) {
        return iface + "@" + VERSION;
    }

    private ResourceType resource(Linker linker, String iface, String name) {
        ResourceType t = linker.instance(n(iface)).resource(name);
        t.bindDestructor(table::remove);
        return t;
    }

    /** Registers every WASI 0.2 interface this host provides with {@code linker}. */
    public Linker addTo(Linker linker) {
        linker.limits(limits.runtime());
        errorT = resource(linker, "wasi:io/error", "error");
        pollableT = resource(linker, "wasi:io/poll", "pollable");
        inT = resource(linker, "wasi:io/streams", "input-stream");
        outT = resource(linker, "wasi:io/streams", "output-stream");
        descT = resource(linker, "wasi:filesystem/types", "descriptor");
        dirStreamT = resource(linker, "wasi:filesystem/types", "directory-entry-stream");
        resource(linker, "wasi:cli/terminal-input", "terminal-input");
        resource(linker, "wasi:cli/terminal-output", "terminal-output");
        addIo(linker);
        addCli(linker);
        addClocks(linker);
        addRandom(linker);
        addFilesystem(linker);
        http = new WasiHttp(table, outT, inT, pollableT, outputUsed, limits.maxOutputBytes());
        http.addTo(linker, VERSION);
        WasiDenied.addTo(linker, VERSION, table);
        new WasiP3(this).addTo(linker);
        new WasiP3Filesystem(preopens, table, limits.maxFileSize()).addTo(linker);
        httpP3 = new WasiP3Http(table, http, outputUsed, limits.maxOutputBytes());
        httpP3.addTo(linker);
        return linker;
    }

    private Linker.HostInstance inst(Linker linker, String iface) {
        return linker.instance(n(iface));
    }

    private void addCli(Linker linker) {
        inst(linker, "wasi:cli/environment")
                .func(
                        "get-arguments",
                        a -> one(new Val.ListVal(args.stream().map(Val::string).toList())))
                .func(
                        "get-environment",
                        a -> one(new Val.ListVal(env.entrySet().stream()
                                .map(e -> (Val)
                                        new Val.TupleVal(List.of(Val.string(e.getKey()), Val.string(e.getValue()))))
                                .toList())))
                .func("initial-cwd", a -> one(new Val.OptionVal(Optional.empty())));
        inst(linker, "wasi:cli/exit").func("exit", a -> {
            throw new WasiExit(((Val.ResultVal) a.get(0)).isOk() ? 0 : 1);
        });
        SinkHolder out = new SinkHolder(new Streams.SinkOut(stdout, outputUsed, limits.maxOutputBytes()));
        SinkHolder errS = new SinkHolder(new Streams.SinkOut(stderr, outputUsed, limits.maxOutputBytes()));
        inst(linker, "wasi:cli/stdin").func("get-stdin", a -> one(own(inT, stdinStream)));
        inst(linker, "wasi:cli/stdout").func("get-stdout", a -> one(own(outT, out.sink)));
        inst(linker, "wasi:cli/stderr").func("get-stderr", a -> one(own(outT, errS.sink)));
        // No terminals: the guest's stdio is never a TTY.
        for (String s : List.of("stdin", "stdout", "stderr")) {
            inst(linker, "wasi:cli/terminal-" + s)
                    .func("get-terminal-" + s, a -> one(new Val.OptionVal(Optional.empty())));
        }
    }

    private record SinkHolder(Streams.Out sink) {}

    private Streams.In stdinStream;

    private void addIo(Linker linker) {
        stdinStream = new Streams.BytesIn(stdin);
        inst(linker, "wasi:io/error")
                .func(
                        "[method]error.to-debug-string",
                        a -> one(Val.string(
                                table.get(rep(a.get(0)), Streams.IoError.class).message())));
        inst(linker, "wasi:io/poll")
                .func(
                        "[method]pollable.ready",
                        a -> one(Val.bool(
                                table.get(rep(a.get(0)), Streams.Pollable.class).ready())))
                .func("[method]pollable.block", a -> {
                    block(List.of(table.get(rep(a.get(0)), Streams.Pollable.class)));
                    return NONE;
                })
                .func("poll", a -> {
                    List<Val> in = ((Val.ListVal) a.get(0)).elements();
                    if (in.isEmpty()) {
                        throw new ComponentTrap("poll: the list of pollables is empty");
                    }
                    List<Streams.Pollable> ps = new ArrayList<>();
                    for (Val v : in) {
                        ps.add(table.get(rep(v), Streams.Pollable.class));
                    }
                    block(ps);
                    List<Val> ready = new ArrayList<>();
                    for (int i = 0; i < ps.size(); i++) {
                        if (ps.get(i).ready()) {
                            ready.add(new Val.U32(i));
                        }
                    }
                    return one(new Val.ListVal(ready));
                });
        HostFunction read = a -> {
            Streams.In s = table.get(rep(a.get(0)), Streams.In.class);
            int max = (int) Math.min(Math.max(longOf(a.get(1)), 0), 1 << 20);
            try {
                byte[] b = s.read(max);
                return one(b == null ? err(new Val.VariantVal("closed", Optional.empty())) : ok(bytes(b)));
            } catch (IOException e) {
                return one(streamFailed(e));
            }
        };
        HostFunction skip = a -> {
            Streams.In s = table.get(rep(a.get(0)), Streams.In.class);
            int max = (int) Math.min(Math.max(longOf(a.get(1)), 0), 1 << 20);
            try {
                byte[] b = s.read(max);
                return one(b == null ? err(new Val.VariantVal("closed", Optional.empty())) : ok(u64(b.length)));
            } catch (IOException e) {
                return one(streamFailed(e));
            }
        };
        HostFunction write = a -> {
            Streams.Out s = table.get(rep(a.get(0)), Streams.Out.class);
            byte[] b = bytesOf(a.get(1));
            if (b.length > WRITE_BUDGET) {
                throw new ComponentTrap(
                        "output-stream.write: " + b.length + " bytes is more than check-write permitted");
            }
            try {
                s.write(b);
                return one(ok(null));
            } catch (IOException e) {
                return one(streamFailed(e));
            }
        };
        HostFunction writeAndFlush = a -> {
            Streams.Out s = table.get(rep(a.get(0)), Streams.Out.class);
            byte[] b = bytesOf(a.get(1));
            try {
                s.write(b);
                s.flush();
                return one(ok(null));
            } catch (IOException e) {
                return one(streamFailed(e));
            }
        };
        HostFunction flush = a -> {
            try {
                table.get(rep(a.get(0)), Streams.Out.class).flush();
                return one(ok(null));
            } catch (IOException e) {
                return one(streamFailed(e));
            }
        };
        HostFunction zeroes = a -> {
            Streams.Out s = table.get(rep(a.get(0)), Streams.Out.class);
            long len = longOf(a.get(1));
            if (len < 0 || len > WRITE_BUDGET) {
                throw new ComponentTrap("write-zeroes: " + len + " bytes is more than check-write permitted");
            }
            try {
                s.write(new byte[(int) len]);
                return one(ok(null));
            } catch (IOException e) {
                return one(streamFailed(e));
            }
        };
        HostFunction subscribe = a -> one(own(pollableT, new Streams.Pollable(0)));
        inst(linker, "wasi:io/streams")
                .func("[method]input-stream.read", read)
                .func("[method]input-stream.blocking-read", read)
                .func("[method]input-stream.skip", skip)
                .func("[method]input-stream.blocking-skip", skip)
                .func("[method]input-stream.subscribe", subscribe)
                .func("[method]output-stream.check-write", a -> {
                    table.get(rep(a.get(0)), Streams.Out.class);
                    return one(ok(u64(WRITE_BUDGET)));
                })
                .func("[method]output-stream.write", write)
                .func("[method]output-stream.blocking-write-and-flush", writeAndFlush)
                .func("[method]output-stream.flush", flush)
                .func("[method]output-stream.blocking-flush", flush)
                .func("[method]output-stream.subscribe", subscribe)
                .func("[method]output-stream.write-zeroes", zeroes)
                .func("[method]output-stream.blocking-write-zeroes-and-flush", zeroes)
                .func("[method]output-stream.splice", a -> one(err(new Val.VariantVal("closed", Optional.empty()))))
                .func(
                        "[method]output-stream.blocking-splice",
                        a -> one(err(new Val.VariantVal("closed", Optional.empty()))));
    }

    private static final long WRITE_BUDGET = 1 << 20;

    private Val streamFailed(IOException e) {
        if (e.getCause() instanceof WasiLimitExceeded l) {
            throw l;
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return err(
                new Val.VariantVal("last-operation-failed", Optional.of(own(errorT, new Streams.IoError(msg, "io")))));
    }

    /** Waits until one of {@code ps} is ready, never past the run's timeout. */
    private void block(List<Streams.Pollable> ps) {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        for (Streams.Pollable p : ps) {
            if (p.ready()) {
                return;
            }
            wait = Math.min(wait, p.deadline() - now);
        }
        if (wait > limits.timeout().toNanos()) {
            throw new WasiLimitExceeded(
                    "timeout", "the guest would sleep past the run's timeout of " + limits.timeout());
        }
        try {
            Thread.sleep(Duration.ofNanos(Math.max(wait, 0)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasiLimitExceeded("timeout", "the run was interrupted while the guest slept");
        }
    }

    private void addClocks(Linker linker) {
        inst(linker, "wasi:clocks/wall-clock")
                .func("now", a -> one(datetime(wallNanos.getAsLong())))
                .func("resolution", a -> one(datetime(1_000)));
        inst(linker, "wasi:clocks/monotonic-clock")
                .func("now", a -> one(u64(monoNanos.getAsLong())))
                .func("resolution", a -> one(u64(1_000)))
                .func("subscribe-instant", a -> {
                    long delta = longOf(a.get(0)) - monoNanos.getAsLong();
                    return one(own(pollableT, new Streams.Pollable(deadline(delta))));
                })
                .func("subscribe-duration", a -> one(own(pollableT, new Streams.Pollable(deadline(longOf(a.get(0)))))));
    }

    private static long deadline(long deltaNanos) {
        if (deltaNanos <= 0) {
            return 0;
        }
        long d = System.nanoTime() + Math.min(deltaNanos, Long.MAX_VALUE / 4);
        return d == 0 ? 1 : d;
    }

    private void addRandom(Linker linker) {
        inst(linker, "wasi:random/random")
                .func("get-random-bytes", a -> one(bytes(randomBytes(random, longOf(a.get(0))))))
                .func("get-random-u64", a -> one(u64(random.nextLong())));
        inst(linker, "wasi:random/insecure")
                .func("get-insecure-random-bytes", a -> one(bytes(randomBytes(insecure, longOf(a.get(0))))))
                .func("get-insecure-random-u64", a -> one(u64(insecure.nextLong())));
        inst(linker, "wasi:random/insecure-seed")
                .func(
                        "insecure-seed",
                        a -> one(new Val.TupleVal(List.of(u64(insecure.nextLong()), u64(insecure.nextLong())))));
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

    // ---- filesystem ----

    /** Wraps an operation returning {@code result<T, error-code>}. */
    private static HostFunction fs(DescriptorMethods.Op op) {
        return a -> {
            try {
                return one(ok(op.run(a)));
            } catch (Filesystem.FsError e) {
                return one(err(enumVal(e.code)));
            } catch (IOException e) {
                return one(err(enumVal(Filesystem.map(e).code)));
            }
        };
    }

    private Filesystem.Descriptor desc(Val v) {
        return table.get(rep(v), Filesystem.Descriptor.class);
    }

    private void addFilesystem(Linker linker) {
        inst(linker, "wasi:filesystem/preopens").func("get-directories", a -> {
            List<Val> out = new ArrayList<>();
            for (Preopen p : preopens) {
                out.add(new Val.TupleVal(List.of(own(descT, Filesystem.preopen(p)), Val.string(p.guestPath()))));
            }
            return one(new Val.ListVal(out));
        });
        inst(linker, "wasi:filesystem/types")
                .func("filesystem-error-code", a -> {
                    Object o = table.get(rep(a.get(0)), Object.class);
                    return one(new Val.OptionVal(
                            o instanceof Streams.IoError e && e.errorCode() != null
                                    ? Optional.of(enumVal(e.errorCode()))
                                    : Optional.empty()));
                })
                .func("[method]descriptor.get-type", fs(a -> enumVal(Filesystem.type(desc(a.get(0))))))
                .func("[method]descriptor.get-flags", fs(a -> new Val.FlagsVal(Filesystem.flags(desc(a.get(0))))))
                .func("[method]descriptor.stat", fs(a -> stat(desc(a.get(0)).path())))
                .func("[method]descriptor.stat-at", fs(a -> stat(Filesystem.resolve(desc(a.get(0)), str(a.get(2))))))
                .func(
                        "[method]descriptor.open-at",
                        fs(a -> own(
                                descT,
                                Filesystem.openAt(
                                        desc(a.get(0)),
                                        str(a.get(2)),
                                        ((Val.FlagsVal) a.get(3)).names(),
                                        ((Val.FlagsVal) a.get(4)).names()))))
                .func(
                        "[method]descriptor.read-via-stream",
                        fs(a -> own(inT, new Streams.FileIn(Filesystem.openRead(desc(a.get(0))), longOf(a.get(1))))))
                .func(
                        "[method]descriptor.write-via-stream",
                        fs(a -> own(
                                outT,
                                new Streams.FileOut(
                                        Filesystem.openWrite(desc(a.get(0))), longOf(a.get(1)), limits.maxFileSize()))))
                .func(
                        "[method]descriptor.append-via-stream",
                        fs(a -> own(
                                outT,
                                new Streams.FileOut(Filesystem.openWrite(desc(a.get(0))), -1, limits.maxFileSize()))))
                .func("[method]descriptor.read", fs(a -> {
                    try (var in = new Streams.FileIn(Filesystem.openRead(desc(a.get(0))), longOf(a.get(2)))) {
                        byte[] b = in.read((int) Math.min(Math.max(longOf(a.get(1)), 0), 1 << 20));
                        return new Val.TupleVal(List.of(bytes(b == null ? new byte[0] : b), Val.bool(b == null)));
                    }
                }))
                .func("[method]descriptor.write", fs(a -> {
                    byte[] b = bytesOf(a.get(1));
                    try (var out = new Streams.FileOut(
                            Filesystem.openWrite(desc(a.get(0))), longOf(a.get(2)), limits.maxFileSize())) {
                        out.write(b);
                    }
                    return u64(b.length);
                }))
                .func("[method]descriptor.read-directory", fs(a -> {
                    List<Val> entries = new ArrayList<>();
                    for (Filesystem.Entry e : Filesystem.list(desc(a.get(0)))) {
                        entries.add(new Val.RecordVal(List.of(
                                new Val.Field("type", enumVal(e.type())),
                                new Val.Field("name", Val.string(e.name())))));
                    }
                    return own(dirStreamT, new java.util.ArrayDeque<>(entries));
                }))
                .func("[method]directory-entry-stream.read-directory-entry", fs(a -> {
                    @SuppressWarnings("unchecked")
                    java.util.ArrayDeque<Val> q = table.get(rep(a.get(0)), java.util.ArrayDeque.class);
                    return new Val.OptionVal(Optional.ofNullable(q.poll()));
                }));
        DescriptorMethods.addTo(inst(linker, "wasi:filesystem/types"), this::desc, WasiHost::fs);
    }

    private static Val stat(Path p) throws IOException {
        Filesystem.Stat st = Filesystem.stat(p);
        return new Val.RecordVal(List.of(
                new Val.Field("type", enumVal(st.type())),
                new Val.Field("link-count", u64(1)),
                new Val.Field("size", u64(st.size())),
                new Val.Field("data-access-timestamp", time(st.accessNanos())),
                new Val.Field("data-modification-timestamp", time(st.modifyNanos())),
                new Val.Field("status-change-timestamp", time(st.modifyNanos()))));
    }

    private static Val time(Long nanos) {
        return new Val.OptionVal(nanos == null ? Optional.empty() : Optional.of(datetime(nanos)));
    }
}
