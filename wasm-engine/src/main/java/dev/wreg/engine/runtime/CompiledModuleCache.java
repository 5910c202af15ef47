package dev.wreg.engine.runtime;

import dev.wreg.engine.runtime.internal.ModuleCache;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where compiled core modules outlive the process. Compiling a module to JVM bytecode ({@link
 * ExecutionPolicy#COMPILER}, or {@link ExecutionPolicy#AUTO} for mid-sized modules) costs far more
 * than running a short command; with a directory set, each compilation is stored there under the
 * SHA-256 of the module's bytes, and any later process that prepares the same module loads it
 * instead, under {@code AUTO} whatever the module's size. The CLI uses its XDG cache folder, the
 * server its data directory.
 *
 * <p>Concurrent processes may share the directory (entries appear by an atomic rename); an entry
 * that is damaged fails its checksum and is rebuilt; disk errors only mean the cache is not used.
 */
public final class CompiledModuleCache {
    private CompiledModuleCache() {}

    /** Keeps compiled modules under {@code dir} from now on, for the whole process. */
    public static void useDirectory(Path dir) {
        ModuleCache.shared().persistTo(dir);
    }

    /** Stops storing and loading compiled modules on disk. */
    public static void disable() {
        ModuleCache.shared().persistTo(null);
    }

    /**
     * The folder entries are kept in (below the directory given, one per runtime version), if
     * one is set.
     */
    public static Optional<Path> directory() {
        return ModuleCache.shared().persistentDirectory();
    }
}
