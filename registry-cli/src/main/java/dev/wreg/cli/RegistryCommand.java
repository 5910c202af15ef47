package dev.wreg.cli;

import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.cli.log.LogTrust;
import dev.wreg.cli.log.WitnessPolicy;
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
        // The first-use note waits for success, so that a failure stays one line on stderr.
        WregCommand root = (WregCommand) spec.root().userObject();
        return new PackageVerifier(
                client,
                new OperatorKeyPin(locations().stateDir(), client.registry(), root::noteOnSuccess),
                logTrust(client));
    }

    protected LogTrust logTrust(RegistryClient client) {
        WregCommand root = (WregCommand) spec.root().userObject();
        return new LogTrust(
                client, locations().stateDir(), registryOptions.logKey, witnessPolicy(client), root::noteOnSuccess);
    }

    /**
     * The witness policy checkpoints must meet: {@code --log-policy}, else {@code WREG_LOG_POLICY},
     * else the one pinned for this registry by {@code wreg log policy set}; null when none is.
     */
    protected WitnessPolicy witnessPolicy(RegistryClient client) {
        Path file = registryOptions
                .logPolicy(env())
                .map(env()::resolve)
                .orElseGet(() -> LogTrust.policyFile(locations().stateDir(), client.registry()));
        if (registryOptions.logPolicy(env()).isEmpty() && !Files.exists(file)) {
            return null;
        }
        return new WitnessPolicy(WitnessPolicy.read(file), file.toString(), registryOptions.allowStale(), installs());
    }

    /** Whether this command installs what it fetches: a stale log is then never accepted. */
    protected boolean installs() {
        return false;
    }
}
