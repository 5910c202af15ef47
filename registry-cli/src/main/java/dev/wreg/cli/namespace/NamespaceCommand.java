package dev.wreg.cli.namespace;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.keys.LocalKey;
import dev.wreg.protocol.api.ClaimResponse;
import dev.wreg.protocol.name.PackageName;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wreg namespace claim|show}: namespaces and the keys that own them. */
@Command(
        name = "namespace",
        description = "Claim a namespace for your key, or show who owns one.",
        mixinStandardHelpOptions = true,
        subcommands = {NamespaceCommand.Claim.class, NamespaceCommand.Show.class})
public final class NamespaceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: claim or show");
    }

    static String checkLabel(String namespace) {
        if (!PackageName.isValidLabel(namespace)) {
            throw CliException.usage(
                    "'" + namespace
                            + "' is not a valid namespace (kebab-case: lowercase letters and digits, words joined by single '-', each starting with a letter)");
        }
        return namespace;
    }

    @Command(
            name = "claim",
            description = "Claim an unclaimed namespace; the selected key becomes its owner and signs the claim"
                    + " (the token needs the claim or admin scope).",
            mixinStandardHelpOptions = true)
    static final class Claim extends RegistryCommand {
        @Parameters(paramLabel = "NS")
        String namespace;

        @Option(names = "--key", paramLabel = "NAME", description = "Owner key (default: the default key).")
        String keyName;

        @Option(names = "--json", description = "Print the registry's answer as JSON.")
        boolean json;

        @Override
        protected void execute() {
            checkLabel(namespace);
            LocalKey key = keyStore().select(keyName);
            var client = client();
            // The key signs the claim: the registry accepts owners only with their signatures.
            ClaimResponse answer;
            try {
                answer = client.claimNamespace(namespace, List.of(key.privateKey()));
            } catch (CliException e) {
                if (e.exitCode() != ExitCode.CONFLICT || !ownedBy(client, key)) {
                    throw e;
                }
                // Claiming what you already own changes nothing, as with `mkdir -p`.
                note("wreg: namespace " + namespace + " is already yours (key '" + key.name() + "', "
                        + key.publicKey().keyId().value() + "); nothing to do");
                return;
            }
            if (json) {
                printJson(answer);
            } else {
                println("claimed namespace " + namespace + " for key '" + key.name() + "' ("
                        + key.publicKey().keyId().value() + ")");
            }
        }

        /** Whether the verified operator log names {@code key} among the namespace's owners. */
        private boolean ownedBy(dev.wreg.cli.client.RegistryClient client, LocalKey key) {
            return verifier(client)
                    .operatorState()
                    .owners(namespace)
                    .map(owners -> owners.contains(key.publicKey()))
                    .orElse(false);
        }
    }

    @Command(
            name = "show",
            description = "Show a namespace's owner keys, as the verified operator log records them.",
            mixinStandardHelpOptions = true)
    static final class Show extends RegistryCommand {
        @Parameters(paramLabel = "NS")
        String namespace;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        protected void execute() {
            checkLabel(namespace);
            var client = client();
            var owners = verifier(client).operatorState().owners(namespace);
            if (owners.isEmpty()) {
                throw CliException.notFound("namespace " + namespace + " is not claimed on " + client.registry());
            }
            if (json) {
                var node = JSON.createObjectNode();
                node.put("namespace", namespace);
                var array = node.putArray("owners");
                owners.get()
                        .forEach(k -> array.addObject()
                                .put("key", k.text())
                                .put("keyId", k.keyId().value()));
                printJson(node);
                return;
            }
            println("namespace " + namespace);
            owners.get().forEach(k -> println("  owner " + k.keyId().value() + "  " + k.text()));
        }
    }
}
