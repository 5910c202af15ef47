package dev.wreg.cli.login;

import dev.wreg.cli.CommandBase;
import dev.wreg.cli.RegistryOptions;
import dev.wreg.cli.config.CredentialStore;
import dev.wreg.cli.config.RegistryAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wreg logout}: forgets the stored token for a registry. */
@Command(name = "logout", description = "Forget the stored token for the registry.", mixinStandardHelpOptions = true)
public final class LogoutCommand extends CommandBase {

    @Mixin
    RegistryOptions registryOptions;

    @Override
    protected void execute() {
        RegistryAddress registry = registryOptions.address(env());
        boolean removed = new CredentialStore(locations().credentialsFile()).remove(registry);
        note(removed ? "wreg: token for " + registry + " removed" : "wreg: no stored token for " + registry);
    }
}
