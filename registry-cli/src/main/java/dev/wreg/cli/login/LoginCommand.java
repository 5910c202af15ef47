package dev.wreg.cli.login;

import dev.wreg.cli.CliException;
import dev.wreg.cli.CommandBase;
import dev.wreg.cli.ExitCode;
import dev.wreg.cli.RegistryOptions;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.config.CredentialStore;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.protocol.api.TokenView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wreg login --token-stdin}: checks an API token with the registry ({@code GET /v1/whoami})
 * and stores it for that registry. The token is read from stdin, never taken as an argument, so it
 * stays out of shell history and {@code ps}. A token the registry refuses is not stored (exit 4),
 * nor is one that could not be checked (exit 7).
 */
@Command(
        name = "login",
        description =
                "Check an API token with the registry and store it (read from stdin; WREG_TOKEN" + " overrides it).",
        mixinStandardHelpOptions = true)
public final class LoginCommand extends CommandBase {

    private static final Pattern TOKEN = Pattern.compile("wreg_[A-Za-z0-9_]{16,200}");

    @Mixin
    RegistryOptions registryOptions;

    @Option(names = "--token-stdin", required = true, description = "Read the token from standard input.")
    boolean tokenStdin;

    @Override
    protected void execute() {
        String token = readToken();
        if (!TOKEN.matcher(token).matches()) {
            throw CliException.usage(
                    "that does not look like a wreg token (expected wreg_ followed by letters and digits)");
        }
        RegistryAddress registry = registryOptions.address(env());
        TokenView who;
        try {
            who = new RegistryClient(registry, Optional.of(token)).whoami();
        } catch (CliException e) {
            if (e.exitCode() == ExitCode.AUTH) {
                throw CliException.auth(
                        "the registry at " + registry + " refused this token; nothing stored (" + e.getMessage() + ")");
            }
            throw e;
        }
        CredentialStore store = new CredentialStore(locations().credentialsFile());
        store.store(registry, token);
        note("wreg: logged in to " + registry + " as token " + who.id() + " (scopes: "
                + (who.scopes() == null || who.scopes().isEmpty() ? "none" : String.join(", ", who.scopes()))
                + "); token stored in " + store.file());
    }

    private String readToken() {
        try {
            String line = new BufferedReader(new InputStreamReader(env().in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw CliException.usage(
                        "no token on standard input (try: echo \"$TOKEN\" | wreg login --token-stdin)");
            }
            return line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }
}
