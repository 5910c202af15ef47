package dev.wreg.cli.login;

import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.token.TokenText;
import dev.wreg.protocol.api.TokenView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wreg whoami}: which registry, and which token the registry sees for this user. */
@Command(
        name = "whoami",
        description = "Show the registry and the token wreg uses for it, as the registry knows it.",
        mixinStandardHelpOptions = true)
public final class WhoamiCommand extends RegistryCommand {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void execute() {
        RegistryClient client = client();
        TokenView who = client.whoami();
        if (json) {
            var node = JSON.valueToTree(who);
            ((tools.jackson.databind.node.ObjectNode) node)
                    .put("registry", client.registry().toString());
            printJson(node);
            return;
        }
        println("registry: " + client.registry());
        println("token:    " + TokenText.line(who));
        println("from:     "
                + (env().variable("WREG_TOKEN") != null
                        ? "WREG_TOKEN"
                        : locations().credentialsFile()));
    }
}
