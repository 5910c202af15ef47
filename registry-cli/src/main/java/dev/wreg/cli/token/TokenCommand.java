package dev.wreg.cli.token;

import dev.wreg.cli.CliException;
import dev.wreg.cli.Plural;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.protocol.api.TokenRequest;
import dev.wreg.protocol.api.TokenResponse;
import dev.wreg.protocol.api.TokenView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wreg token create|list|revoke}: the registry's API tokens, without curl. */
@Command(
        name = "token",
        description = "Create, list and revoke API tokens on the registry.",
        mixinStandardHelpOptions = true,
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list or revoke");
    }

    @Command(
            name = "create",
            description = "Create a token (your token needs the admin scope). The new token is printed on"
                    + " stdout, once: pipe it into 'wreg login --token-stdin' or keep it safe.",
            mixinStandardHelpOptions = true)
    static final class Create extends RegistryCommand {
        @Option(
                names = "--scope",
                required = true,
                paramLabel = "SCOPE",
                split = ",",
                description = "What it may do: publish, yank, claim, admin (repeat or separate with commas).")
        List<String> scopes;

        @Option(
                names = "--package",
                paramLabel = "PATTERN",
                split = ",",
                description = "Limit it to these packages: ns:name or ns:* (default: any).")
        List<String> packages;

        @Option(names = "--expires", paramLabel = "DATE", description = "Expiry date (YYYY-MM-DD, UTC).")
        String expires;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        @Option(names = "--json", description = "Print the id and token as JSON.")
        boolean json;

        @Override
        protected void execute() {
            Instant expiresAt = null;
            if (expires != null) {
                try {
                    expiresAt = LocalDate.parse(expires.strip())
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant();
                } catch (DateTimeParseException e) {
                    throw CliException.usage("--expires '" + expires + "' is not a date like 2027-01-31");
                }
            }
            var client = client();
            TokenResponse created = client.createToken(new TokenRequest(scopes, packages, expiresAt, description));
            if (json) {
                printJson(created);
                return;
            }
            println(created.token());
            note("wreg: created token " + created.id() + " on " + client.registry() + " (scopes: "
                    + String.join(", ", scopes) + "); it is shown only this once");
        }
    }

    @Command(name = "list", description = "List the tokens your token created.", mixinStandardHelpOptions = true)
    static final class ListTokens extends RegistryCommand {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        protected void execute() {
            List<TokenView> tokens = client().tokens();
            if (json) {
                printJson(tokens);
                return;
            }
            for (TokenView token : tokens) {
                println(TokenText.line(token));
            }
            note("wreg: " + Plural.of(tokens.size(), "token"));
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a token by id (one your token created; an admin token: any).",
            mixinStandardHelpOptions = true)
    static final class Revoke extends RegistryCommand {
        @Parameters(paramLabel = "ID", description = "The token's id (tok_…), as 'wreg token list' shows it.")
        String id;

        @Override
        protected void execute() {
            if (id.startsWith("wreg_")) {
                throw CliException.usage("give the token's id (tok_…), not its secret; 'wreg token list' shows ids");
            }
            var client = client();
            client.revokeToken(id);
            note("wreg: token " + id + " revoked on " + client.registry());
        }
    }
}
