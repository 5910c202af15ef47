package dev.wreg.cli;

import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.cli.log.LogTrust;
import dev.wreg.cli.log.WitnessQuorum;
import dev.wreg.cli.verify.OperatorKeyPin;
import dev.wreg.cli.verify.PackageVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** A command that talks to a registry: {@code --registry}, the token, verification. */
public abstract class RegistryCommand extends CommandBase {

    @Mixin
    protected RegistryOptions registryOptions;

    protected RegistryClient client() {
        return new RegistryClient(registryOptions.address(env()), registryOptions.token(env()));
    }

    /**
     * A client for the registry named by {@code --registry}, else for {@code address}: for
     * commands whose argument already names the registry (an OCI reference).
     */
    protected RegistryClient clientFor(RegistryAddress address) {
        RegistryAddress chosen = registryOptions.registry != null ? registryOptions.address(env()) : address;
        return new RegistryClient(chosen, java.util.Optional.empty());
    }

    protected PackageVerifier verifier(RegistryClient client) {
        return verifier(client, logTrust(client));
    }

    /** A verifier proving inclusion through {@code log}, for commands that also read its checkpoint. */
    protected PackageVerifier verifier(RegistryClient client, LogTrust log) {
        // The first-use note waits for success, so that a failure stays one line on stderr.
        WregCommand root = (WregCommand) spec.root().userObject();
        return new PackageVerifier(
                client, new OperatorKeyPin(locations().stateDir(), client.registry(), root::noteOnSuccess), log);
    }

    /**
     * As {@link #verifier(RegistryClient)}, reading from the registry only the records after those
     * an earlier command verified (kept in the state directory): what makes a repeated fetch cheap.
     * {@code wreg verify} does not use it; it re-reads and re-derives every record on purpose.
     */
    protected PackageVerifier verifierKeepingRecords(RegistryClient client) {
        WregCommand root = (WregCommand) spec.root().userObject();
        return new PackageVerifier(
                client,
                new OperatorKeyPin(locations().stateDir(), client.registry(), root::noteOnSuccess),
                logTrust(client),
                new dev.wreg.cli.verify.VerifiedRecords(locations().stateDir(), client.registry()));
    }

    protected LogTrust logTrust(RegistryClient client) {
        WregCommand root = (WregCommand) spec.root().userObject();
        return new LogTrust(
                client, locations().stateDir(), registryOptions.logKey, witnessQuorum(client), root::noteOnSuccess);
    }

    /**
     * The witness policy checkpoints must meet: {@code --log-policy}, else {@code WREG_LOG_POLICY},
     * else the one pinned for this registry by {@code wreg log policy set}; null when none is.
     */
    protected WitnessQuorum witnessQuorum(RegistryClient client) {
        Path file = registryOptions
                .logPolicy(env())
                .map(env()::resolve)
                .orElseGet(() -> LogTrust.policyFile(locations().stateDir(), client.registry()));
        if (registryOptions.logPolicy(env()).isEmpty() && !Files.exists(file)) {
            return null;
        }
        return new WitnessQuorum(WitnessQuorum.read(file), file.toString(), registryOptions.allowStale(), installs());
    }

    /**
     * Where dependency resolution gets releases: from the registry, verified as {@code wreg fetch}
     * verifies them, or with {@code offline} only from what wreg.lock pins and the cache holds.
     */
    protected dev.wreg.cli.deps.ReleaseSource releaseSource(boolean offline) {
        dev.wreg.cli.fetch.BlobCache cache =
                new dev.wreg.cli.fetch.BlobCache(locations().cacheDir(), env().err());
        if (offline) {
            return new dev.wreg.cli.deps.CachedReleases(cache);
        }
        RegistryClient client = client();
        LogTrust log = logTrust(client);
        return new dev.wreg.cli.deps.RegistryReleases(client, verifier(client, log), log, cache, env().err());
    }

    /** Whether this command installs what it fetches: a stale log is then never accepted. */
    protected boolean installs() {
        return false;
    }
}
