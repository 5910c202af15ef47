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

    @Option(
            names = "--log-policy",
            paramLabel = "FILE",
            description = "Require checkpoints to meet this c2sp.org/tlog-policy (witness quorum, fresh"
                    + " cosignatures) for this command (default: $WREG_LOG_POLICY, else the policy stored by"
                    + " 'wreg log policy set').")
    String logPolicy;

    @Option(
            names = "--allow-stale",
            description =
                    "Only warn when the witness policy's newest cosignature is older than 24 h" + " (never for fetch).")
    boolean allowStale;

    /** The policy file named by {@code --log-policy}, else {@code WREG_LOG_POLICY}, if any. */
    public Optional<String> logPolicy(CliEnvironment env) {
        return Optional.ofNullable(logPolicy != null ? logPolicy : env.variable("WREG_LOG_POLICY"));
    }

    public boolean allowStale() {
        return allowStale;
    }

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
