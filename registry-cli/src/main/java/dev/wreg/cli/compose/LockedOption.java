package dev.wreg.cli.compose;

import picocli.CommandLine.Option;

/**
 * {@code --locked} / {@code --offline} for compositions that name registry packages: take them
 * from wreg.lock (docs/manifest.md) instead of resolving them afresh.
 */
public final class LockedOption {

    @Option(
            names = "--locked",
            description = "Take registry packages from wreg.lock, each verified against it; a package it does not"
                    + " pin exits 5.")
    boolean locked;

    @Option(
            names = "--offline",
            description = "Take registry packages from wreg.lock and the cache only, never contacting the registry"
                    + " (a miss exits 3).")
    boolean offline;

    @Option(
            names = "--lock",
            paramLabel = "FILE",
            description = "The lock file for --locked and --offline (default: wreg.lock).")
    String file = "wreg.lock";

    boolean active() {
        return locked || offline;
    }
}
