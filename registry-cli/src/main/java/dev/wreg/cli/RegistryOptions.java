package dev.wreg.cli;

import dev.wreg.cli.config.ConfigLocations;
import dev.wreg.cli.config.CredentialStore;
import dev.wreg.cli.config.RegistryAddress;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --registry URL}, shared by every command that talks to a registry. */
public final class RegistryOptions {

    @Option(
            names = "--registry",
            paramLabel = "URL",
            description = "Registry base URL (default: $WREG_REGISTRY, else " + RegistryAddress.DEFAULT + ").")
    String registry;

    @Option(
            names = "--log-key",
            paramLabel = "VKEY",
            description = "Pin this verifier key (name+id+key) for the registry's transparency log"
                    + " instead of trusting /log/vkey on first use.")
    String logKey;

    public RegistryAddress address(CliEnvironment env) {
        if (registry != null) {
            return RegistryAddress.parse(registry);
        }
        String fromEnv = env.variable("WREG_REGISTRY");
        return RegistryAddress.parse(fromEnv != null ? fromEnv : RegistryAddress.DEFAULT);
    }

    /** {@code WREG_TOKEN}, else the token stored by {@code wreg login} for this registry. */
    public Optional<String> token(CliEnvironment env) {
        String fromEnv = env.variable("WREG_TOKEN");
        if (fromEnv != null) {
            return Optional.of(fromEnv.strip());
        }
        return new CredentialStore(ConfigLocations.of(env).credentialsFile()).token(address(env));
    }
}
