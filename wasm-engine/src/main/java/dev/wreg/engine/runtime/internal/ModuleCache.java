package dev.wreg.engine.runtime.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import run.endive.compiler.InterpreterFallback;
import run.endive.compiler.internal.ClassLoadingCollector;
import run.endive.compiler.internal.Compiler;
import run.endive.compiler.internal.CompilerResult;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/**
 * Core modules prepared for Endive, keyed by the SHA-256 of their bytes: the parsed {@link
 * WasmModule} and, once some component asked for it, its compiled machine factory. Two components
 * embedding the same module (every command built with the same preview1 adapter, the same
 * component fetched twice) share one parse and one compilation.
 *
 * <p>Bounded by entries and by the total size of the cached modules' bytes; the least recently
 * used entry goes first. Thread-safe: a module is parsed, and compiled, at most once at a time
 * per digest; concurrent callers for the same digest wait for that one result.
 */
public final class ModuleCache {
    /**
     * 64 modules or 256 MiB of module bytes, whichever is reached first; a parsed module takes
     * several times its bytes on the heap, so a small server sets {@code wreg.engine.cache.bytes}
     * (and {@code wreg.engine.cache.entries}) lower.
     */
    private static final ModuleCache SHARED = new ModuleCache(
            Integer.getInteger("wreg.engine.cache.entries", 64), Long.getLong("wreg.engine.cache.bytes", 256L << 20));

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong compilations = new AtomicLong();
    private final AtomicLong compileFailures = new AtomicLong();
    private volatile CompiledModuleFiles disk;

    public ModuleCache(int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("cache bounds must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The process-wide cache that {@code PreparedComponent.fromBytes} and {@code PreparedComponent.of} use. */
    public static ModuleCache shared() {
        return SHARED;
    }

    /**
     * Keeps compiled modules in {@code root} too (see {@link CompiledModuleFiles}), so that later
     * processes load them instead of compiling; null stops using the disk.
     */
    public void persistTo(java.nio.file.Path root) {
        disk = root == null ? null : new CompiledModuleFiles(root);
    }

    /** The folder compiled modules are kept in, if any. */
    public java.util.Optional<java.nio.file.Path> persistentDirectory() {
        CompiledModuleFiles d = disk;
        return d == null ? java.util.Optional.empty() : java.util.Optional.of(d.directory());
    }

    /** Entries this process read from and wrote to the disk, and damaged ones it dropped. */
    public record DiskStats(long reads, long writes, long damaged) {}

    public DiskStats diskStats() {
        CompiledModuleFiles d = disk;
        if (d == null) {
            return new DiskStats(0, 0, 0);
        }
        CompiledModuleFiles.Counts c = d.counts();
        return new DiskStats(c.reads(), c.writes(), c.damaged());
    }

    /** Counters since this cache was made (lookups of a digest, compilations done). */
    public record Stats(long hits, long misses, long compilations, long compileFailures, int entries, long bytes) {}

    public Stats stats() {
        synchronized (entries) {
            return new Stats(
                    hits.get(), misses.get(), compilations.get(), compileFailures.get(), entries.size(), bytes);
        }
    }

    /** Drops every entry (components already prepared keep what they hold). */
    public void clear() {
        synchronized (entries) {
            entries.clear();
            bytes = 0;
        }
    }

    /** Whether to compile a module being prepared. */
    public enum Compile {
        NEVER,
        ALWAYS,
        /** Only use a compilation some earlier component or process already paid for. */
        IF_CACHED
    }

    /** A prepared module: parsed, and its compiled machine factory or null for the interpreter. */
    public record Prepared(WasmModule module, Function<Instance, Machine> machine) {}

    /**
     * The module with these bytes, parsed once per digest and compiled once per digest when asked
     * to. {@code moduleBytes} is not modified. Throws Endive's exception when it does not parse.
     *
     * <p>A module compiled by an earlier process (on disk) is loaded with its compiled functions'
     * bodies left out of the parse ({@link StubbedBodies}): the {@link WasmModule} handed out with
     * a compiled machine then holds stubs for them, and must only run on that machine.
     */
    public Prepared prepare(byte[] moduleBytes, Compile compile) {
        return prepare(moduleBytes, compile, false);
    }

    /**
     * As {@link #prepare(byte[], Compile)}; with {@code bodiesOnDemand}, the function bodies the
     * interpreter runs are parsed (and checked by Endive's validator) when first run instead of
     * up front ({@link BodiesOnDemand}). Only for modules of a component the wreg validator
     * accepts before any of it is instantiated: a body Endive would refuse then fails its first
     * call instead of the preparation. Modules prepared either way are cached apart.
     */
    public Prepared prepare(byte[] moduleBytes, Compile compile, boolean bodiesOnDemand) {
        Entry e = entry(moduleBytes);
        Prepared compiled = switch (compile) {
            case NEVER -> null;
            case ALWAYS -> e.compiled(moduleBytes, true, bodiesOnDemand);
            case IF_CACHED -> {
                CompiledModuleFiles d = disk;
                yield d != null && d.has(e.digest)
                        ? e.compiled(moduleBytes, false, bodiesOnDemand)
                        : e.compiledIfDone(bodiesOnDemand);
            }
        };
        return compiled != null ? compiled : new Prepared(e.module(moduleBytes, bodiesOnDemand), null);
    }

    /** The entry for the module with these bytes (nothing parsed yet); {@code bytes} is not modified. */
    private Entry entry(byte[] moduleBytes) {
        String digest = sha256(moduleBytes);
        Entry e;
        synchronized (entries) {
            e = entries.get(digest);
            if (e != null) {
                hits.incrementAndGet();
                return e;
            }
            misses.incrementAndGet();
            e = new Entry(digest, moduleBytes.length);
            entries.put(digest, e);
            bytes += moduleBytes.length;
            evict(e);
        }
        return e;
    }

    private void evict(Entry keep) {
        Iterator<Entry> it = entries.values().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Entry old = it.next();
            if (old != keep) {
                it.remove();
                bytes -= old.size;
            }
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Time spent in this cache's work since it was made, in nanoseconds (start-up phases). */
    public record Timings(long parseNanos, long compileNanos, long loadNanos) {}

    private final AtomicLong parseNanos = new AtomicLong();
    private final AtomicLong compileNanos = new AtomicLong();
    private final AtomicLong loadNanos = new AtomicLong();

    /** Function bodies parsed on their first run ({@link BodiesOnDemand}), process-wide. */
    public record OnDemand(int bodies, long parseNanos) {}

    public static OnDemand bodiesParsedOnDemand() {
        return BodiesOnDemand.soFar();
    }

    /** Whether a function body of a module prepared on demand has not been run (or parsed) yet. */
    public static boolean awaitingFirstRun(run.endive.wasm.types.FunctionBody body) {
        return BodiesOnDemand.unparsed(body);
    }

    public Timings timings() {
        return new Timings(parseNanos.get(), compileNanos.get(), loadNanos.get());
    }

    /** One cached module: parsed on first use, compiled (or loaded from disk) on first request. */
    private final class Entry {
        final String digest;
        final int size;
        private WasmModule module;
        private WasmModule moduleOnDemand;
        private RuntimeException parseError;
        private Prepared compiled;
        private Prepared compiledOnDemand;
        private boolean compileTried;

        private Entry(String digest, int size) {
            this.digest = digest;
            this.size = size;
        }

        /**
         * The whole module, parsed on first use (its bodies on their first run when {@code
         * onDemand} and Endive allows it); rethrows the parse failure, for every caller.
         */
        synchronized WasmModule module(byte[] moduleBytes, boolean onDemand) {
            if (onDemand && moduleOnDemand == null && module == null && parseError == null) {
                long t0 = System.nanoTime();
                try {
                    moduleOnDemand =
                            BodiesOnDemand.parse(moduleBytes, HexFormat.of().parseHex(digest));
                } catch (RuntimeException e) {
                    parseError = e;
                } finally {
                    parseNanos.addAndGet(System.nanoTime() - t0);
                }
            }
            if (onDemand && moduleOnDemand != null) {
                return moduleOnDemand;
            }
            if (module == null && parseError == null) {
                long t0 = System.nanoTime();
                try {
                    // CoreEngine hands over CoreModule.chicoryBytes(): "" "" imports already renamed.
                    module = Parser.parse(moduleBytes.clone());
                } catch (RuntimeException e) {
                    parseError = e;
                } finally {
                    parseNanos.addAndGet(System.nanoTime() - t0);
                }
            }
            if (parseError != null) {
                synchronized (entries) {
                    if (entries.get(digest) == this) {
                        // A bad module is not worth a cache slot.
                        entries.remove(digest);
                        bytes -= size;
                    }
                }
                throw parseError;
            }
            return module;
        }

        /** The compiled module if an earlier request made or loaded it, else null. */
        synchronized Prepared compiledIfDone(boolean onDemand) {
            return onDemand && compiledOnDemand != null ? compiledOnDemand : compiled;
        }

        /**
         * The compiled module: loaded from the disk when an earlier process stored it, else (if
         * {@code mayCompile}) compiled here and stored; null when there is none or Endive's
         * compiler rejects the module, which then runs in the interpreter.
         */
        synchronized Prepared compiled(byte[] moduleBytes, boolean mayCompile, boolean onDemand) {
            if (onDemand && compiledOnDemand != null) {
                return compiledOnDemand;
            }
            if (compiled != null || compileTried) {
                return compiled;
            }
            CompiledModuleFiles d = disk;
            if (d != null) {
                Prepared loaded = load(d, moduleBytes, onDemand);
                if (loaded != null && onDemand) {
                    compiledOnDemand = loaded;
                    return loaded;
                }
                compiled = loaded;
            }
            if (compiled == null && mayCompile) {
                compileTried = true;
                WasmModule whole = module(moduleBytes, false);
                long t0 = System.nanoTime();
                try {
                    compiled = compile(whole, d);
                } catch (RuntimeException | LinkageError e) {
                    compileFailures.incrementAndGet();
                } finally {
                    compileNanos.addAndGet(System.nanoTime() - t0);
                }
            }
            return compiled;
        }

        /**
         * What an earlier process compiled, with the module parsed from {@link StubbedBodies};
         * null (and the entry dropped) when it does not load — damaged, or written by a different
         * build.
         */
        private Prepared load(CompiledModuleFiles d, byte[] moduleBytes, boolean onDemand) {
            long t0 = System.nanoTime();
            try {
                CompiledModuleFiles.Compiled c = d.read(digest);
                if (c == null) {
                    return null;
                }
                try {
                    // On demand, the bodies left to the interpreter are parsed when first run too;
                    // the compiled functions never read theirs.
                    WasmModule stubbed = onDemand
                            ? BodiesOnDemand.parse(moduleBytes, HexFormat.of().parseHex(digest))
                            : null;
                    if (stubbed == null) {
                        stubbed = Parser.parse(StubbedBodies.strip(moduleBytes, c.interpreted()));
                    }
                    return new Prepared(stubbed, new CompiledClasses(c).machineFactory());
                } catch (RuntimeException | LinkageError e) {
                    d.drop(digest);
                    return null;
                }
            } finally {
                loadNanos.addAndGet(System.nanoTime() - t0);
            }
        }

        private Prepared compile(WasmModule whole, CompiledModuleFiles d) {
            CompilerResult result = Compiler.builder(whole)
                    .withInterpreterFallback(InterpreterFallback.SILENT)
                    .withClassCollectorFactory(ClassLoadingCollector::new)
                    .build()
                    .compile();
            ClassLoadingCollector collector = (ClassLoadingCollector) result.collector();
            compilations.incrementAndGet();
            if (d != null) {
                d.write(
                        digest,
                        new CompiledModuleFiles.Compiled(
                                collector.mainClassName(), collector.classBytes(), result.interpretedFunctions()));
            }
            return new Prepared(whole, collector.machineFactory());
        }
    }

    /**
     * Compiled classes loaded from the disk. Each class is defined when first linked, so only the
     * classes a run reaches are parsed and verified by the JVM (Endive's own loader verifies all
     * of them up front, seconds for a large module).
     */
    private static final class CompiledClasses extends ClassLoader {
        private final CompiledModuleFiles.Compiled compiled;
        private final java.util.Map<String, byte[]> byBinaryName = new java.util.HashMap<>();

        CompiledClasses(CompiledModuleFiles.Compiled compiled) {
            super(ModuleCache.class.getClassLoader());
            this.compiled = compiled;
            // The compiler names some classes in internal form (a/b/C), the JVM asks for a.b.C.
            compiled.classes().forEach((name, bytes) -> byBinaryName.put(name.replace('/', '.'), bytes));
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = byBinaryName.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }

        Function<Instance, Machine> machineFactory() {
            try {
                Class<? extends Machine> main =
                        loadClass(compiled.mainClass().replace('/', '.')).asSubclass(Machine.class);
                MethodHandle ctor = MethodHandles.publicLookup()
                        .findConstructor(main, MethodType.methodType(void.class, Instance.class));
                return instance -> {
                    try {
                        return (Machine) ctor.invoke(instance);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                };
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("compiled module does not load: " + e.getMessage(), e);
            }
        }
    }
}
