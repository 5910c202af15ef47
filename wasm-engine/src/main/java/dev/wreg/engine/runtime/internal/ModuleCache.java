package dev.wreg.engine.runtime.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import run.endive.compiler.InterpreterFallback;
import run.endive.compiler.MachineFactoryCompiler;
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
     */
    public Prepared prepare(byte[] moduleBytes, Compile compile) {
        Entry e = entry(moduleBytes);
        WasmModule module = e.module();
        Function<Instance, Machine> machine = switch (compile) {
            case NEVER -> null;
            case ALWAYS -> e.compiled();
            case IF_CACHED -> {
                CompiledModuleFiles d = disk;
                yield d != null && d.has(e.digest) ? e.compiled() : e.compiledIfDone();
            }
        };
        return new Prepared(module, machine);
    }

    /** The module with these bytes, parsed once; {@code bytes} is not modified. */
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
        e.parse(moduleBytes);
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

    /** One cached module: parsed on first use, compiled on first request. */
    private final class Entry {
        final String digest;
        final int size;
        private WasmModule module;
        private RuntimeException parseError;
        private Function<Instance, Machine> compiled;
        private boolean compileTried;

        private Entry(String digest, int size) {
            this.digest = digest;
            this.size = size;
        }

        private synchronized void parse(byte[] moduleBytes) {
            if (module == null && parseError == null) {
                try {
                    // CoreEngine hands over CoreModule.chicoryBytes(): "" "" imports already renamed.
                    module = Parser.parse(moduleBytes.clone());
                } catch (RuntimeException e) {
                    parseError = e;
                }
            }
        }

        /** The parsed module; rethrows the parse failure, for every caller. */
        synchronized WasmModule module() {
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

        /**
         * Compiles the module, or with {@code files} loads what an earlier compilation of it
         * stored there (and stores what it compiles).
         */
        private Function<Instance, Machine> compile(CompiledModuleFiles files) {
            MachineFactoryCompiler.Builder b =
                    MachineFactoryCompiler.builder(module()).withInterpreterFallback(InterpreterFallback.SILENT);
            if (files != null) {
                b.withCache(files);
            }
            long readBefore = files == null ? 0 : files.counts().reads();
            Function<Instance, Machine> machine = b.compile();
            if (files == null || files.counts().reads() == readBefore) {
                compilations.incrementAndGet(); // translated here, not loaded from the disk
            }
            return machine;
        }

        /** The compiled factory if an earlier request made it, else null. */
        synchronized Function<Instance, Machine> compiledIfDone() {
            return compiled;
        }

        /**
         * The compiled machine factory, compiling on first request; null when Endive's compiler
         * rejects the module, which then runs in the interpreter.
         */
        synchronized Function<Instance, Machine> compiled() {
            if (!compileTried) {
                compileTried = true;
                CompiledModuleFiles d = disk;
                try {
                    compiled = compile(d);
                } catch (RuntimeException | LinkageError e) {
                    if (d != null) {
                        // An entry that passed its checksum but does not load (written by a
                        // different build): compile afresh, without the disk.
                        try {
                            java.nio.file.Files.deleteIfExists(d.file(digest));
                        } catch (java.io.IOException ignored) {
                            // the fresh compilation below does not need it gone
                        }
                        try {
                            compiled = compile(null);
                        } catch (RuntimeException | LinkageError again) {
                            compileFailures.incrementAndGet();
                        }
                    } else {
                        compileFailures.incrementAndGet();
                    }
                }
            }
            return compiled;
        }
    }
}
