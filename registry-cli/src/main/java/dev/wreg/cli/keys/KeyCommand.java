package dev.wreg.cli.keys;

import dev.wreg.cli.CommandBase;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code wreg key new|list|show|default}: the signing keys on this machine. */
@Command(
        name = "key",
        description = "Create and show signing keys (kept under $XDG_CONFIG_HOME/wreg/keys).",
        mixinStandardHelpOptions = true,
        subcommands = {KeyCommand.New.class, KeyCommand.ListKeys.class, KeyCommand.Show.class, KeyCommand.Default.class
        })
public final class KeyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: new, list, show or default");
    }

    static ObjectNode describe(LocalKey key) {
        ObjectNode node = CommandBase.JSON.createObjectNode();
        node.put("name", key.name());
        node.put("type", key.type());
        node.put("publicKey", key.publicKey().text());
        node.put("keyId", key.publicKey().keyId().value());
        node.put("default", key.isDefault());
        node.put("file", key.file().toString());
        return node;
    }

    @Command(name = "new", description = "Generate a new signing key.", mixinStandardHelpOptions = true)
    static final class New extends CommandBase {
        @Option(
                names = "--name",
                description = "Name of the key (default: ${DEFAULT-VALUE}).",
                defaultValue = "default")
        String name;

        @Option(
                names = "--type",
                description = "ed25519 (default) or ecdsa-p256.",
                defaultValue = "ed25519",
                converter = KeyTypeConverter.class)
        KeyType type;

        @Option(names = "--default", description = "Make it the default key (the first key always is).")
        boolean makeDefault;

        @Override
        protected void execute() {
            LocalKey key = keyStore().create(name, type, makeDefault);
            println(key.publicKey().text());
            note("wreg: created " + key.type() + " key '" + key.name() + "' ("
                    + key.publicKey().keyId().value() + ") in " + key.file()
                    + (key.isDefault() ? ", the default key" : ""));
        }
    }

    @Command(name = "list", description = "List the keys on this machine.", mixinStandardHelpOptions = true)
    static final class ListKeys extends CommandBase {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        protected void execute() {
            List<LocalKey> keys = keyStore().list();
            if (json) {
                ArrayNode array = CommandBase.JSON.createArrayNode();
                keys.forEach(k -> array.add(describe(k)));
                printJson(array);
                return;
            }
            for (LocalKey key : keys) {
                println((key.isDefault() ? "* " : "  ") + key.name() + "  "
                        + key.publicKey().keyId().value() + "  " + key.type());
            }
            if (keys.isEmpty()) {
                note("wreg: no keys yet; create one with: wreg key new");
            }
        }
    }

    @Command(name = "show", description = "Show a key's public part and key ID.", mixinStandardHelpOptions = true)
    static final class Show extends CommandBase {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "Key name (default: the default key).")
        String name;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        protected void execute() {
            LocalKey key = keyStore().select(name);
            if (json) {
                printJson(describe(key));
                return;
            }
            println("name:       " + key.name() + (key.isDefault() ? " (default)" : ""));
            println("type:       " + key.type());
            println("public key: " + key.publicKey().text());
            println("key id:     " + key.publicKey().keyId().value());
            println("file:       " + key.file());
        }
    }

    @Command(name = "default", description = "Make a key the default signing key.", mixinStandardHelpOptions = true)
    static final class Default extends CommandBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected void execute() {
            keyStore().setDefault(name);
            note("wreg: '" + name + "' is now the default key");
        }
    }

    static final class KeyTypeConverter implements ITypeConverter<KeyType> {
        @Override
        public KeyType convert(String value) {
            return KeyType.parse(value);
        }
    }
}
