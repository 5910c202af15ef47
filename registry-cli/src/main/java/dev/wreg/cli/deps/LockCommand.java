package dev.wreg.cli.deps;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wreg lock}: resolves wreg.toml to one release per dependency, every release verified as
 * {@code wreg fetch} verifies it, and writes wreg.lock when that changed anything.
 */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        description = {
            "Resolve wreg.toml's dependencies (packages and interfaces) to verified releases and write wreg.lock.",
            "Releases the lock already pins are kept while they meet the manifest; --update moves them on."
        })
public final class LockCommand extends ManifestCommand {

    @Option(
            names = "--update",
            arity = "0..1",
            fallbackValue = "*",
            paramLabel = "PKG",
            description = "Resolve again, ignoring wreg.lock: for every package, or only PKG (repeatable).")
    List<String> update = new ArrayList<>();

    @Override
    protected void execute() {
        Outcome outcome = resolve(update(update));
        LockFile lock = outcome.resolution().lock();
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("lock", outcome.lockFile().toString());
            node.put("changed", outcome.changed());
            lockJson(node, lock);
            printJson(node);
            return;
        }
        long packages = lock.packages().size();
        println((outcome.changed() ? "wrote " : "unchanged: ") + outcome.lockFile() + " (" + packages + " package"
                + (packages == 1 ? "" : "s") + ", " + lock.entries().size() + " pinned release"
                + (lock.entries().size() == 1 ? "" : "s") + ", all verified)");
        printLock(lock);
    }
}
