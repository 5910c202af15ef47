package dev.wreg.server.compose;

import dev.wreg.engine.runtime.CompiledModuleCache;
import dev.wreg.server.config.RegistryProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the core modules the composer's smoke runs compile in {@code ${wreg.data-dir}/cache/modules},
 * so that a restarted server (or a second replica on the same disk) loads them instead of
 * compiling them again. Entries are checked when read; a damaged one is rebuilt.
 */
@Configuration(proxyBeanMethods = false)
public class CompiledModuleCacheConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CompiledModuleCacheConfiguration.class);

    CompiledModuleCacheConfiguration(RegistryProperties registry) {
        Path dir = registry.dataDir().resolve("cache").resolve("modules").toAbsolutePath();
        CompiledModuleCache.useDirectory(dir);
        log.info("Compiled core modules are kept in {}", dir);
    }
}
