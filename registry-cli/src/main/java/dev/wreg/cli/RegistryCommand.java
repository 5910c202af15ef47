package dev.wreg.cli;

import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.log.LogTrust;
import dev.wreg.cli.verify.OperatorKeyPin;
import dev.wreg.cli.verify.PackageVerifier;
import picocli.CommandLine.Mixin;

/** A command that talks to a registry: {@code --registry}, the token, verification. */
public abstract class RegistryCommand extends CommandBase {

    @Mixin
    protected RegistryOptions registryOptions;

    protected RegistryClient client() {
        return new RegistryClient(registryOptions.address(env()), registryOptions.token(env()));
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
        return new LogTrust(client, locations().stateDir(), registryOptions.logKey, root::noteOnSuccess);
    }
}
