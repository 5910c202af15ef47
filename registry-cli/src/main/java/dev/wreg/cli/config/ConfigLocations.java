package dev.wreg.cli.config;

import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.CliException;
import java.nio.file.Path;

/**
 * Where wreg keeps its files, following the XDG Base Directory spec: configuration and keys
 * under {@code $XDG_CONFIG_HOME/wreg} (default {@code ~/.config/wreg}), downloaded blobs under
 * {@code $XDG_CACHE_HOME/wreg} (default {@code ~/.cache/wreg}), pinned registry facts under
 * {@code $XDG_STATE_HOME/wreg} (default {@code ~/.local/state/wreg}).
 */
public record ConfigLocations(Path configDir, Path cacheDir, Path stateDir) {

    public static ConfigLocations of(CliEnvironment env) {
        return new ConfigLocations(
                base(env, "XDG_CONFIG_HOME", ".config").resolve("wreg"),
                base(env, "XDG_CACHE_HOME", ".cache").resolve("wreg"),
                base(env, "XDG_STATE_HOME", ".local/state").resolve("wreg"));
    }

    public Path keysDir() {
        return configDir.resolve("keys");
    }

    public Path credentialsFile() {
        return configDir.resolve("credentials.json");
    }

    private static Path base(CliEnvironment env, String variable, String underHome) {
        String explicit = env.variable(variable);
        // The spec says relative values are invalid and must be ignored.
        if (explicit != null && Path.of(explicit).isAbsolute()) {
            return Path.of(explicit);
        }
        String home = env.variable("HOME");
        if (home == null) {
            throw CliException.usage("neither " + variable + " nor HOME is set; cannot place wreg's files");
        }
        return Path.of(home).resolve(underHome);
    }
}
