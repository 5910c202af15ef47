package dev.wreg.engine.runtime;

import dev.wreg.engine.runtime.internal.ModuleCache;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of the concurrent processes of {@link CompiledModuleCacheTest}: prepares a module compiled
 * with the disk cache at {@code args[0]}, runs it, and prints the result.
 */
final class CompiledModuleCacheWriter {
    private CompiledModuleCacheWriter() {}

    public static void main(String[] args) throws Exception {
        ModuleCache cache = new ModuleCache(8, 1 << 20);
        cache.persistTo(Path.of(args[0]));
        ModuleCache.Prepared p = cache.prepare(Files.readAllBytes(Path.of(args[1])), ModuleCache.Compile.ALWAYS);
        System.out.println("add(2, 3) = " + CompiledModuleCacheTest.add(p, 2, 3) + " " + cache.diskStats());
    }
}
