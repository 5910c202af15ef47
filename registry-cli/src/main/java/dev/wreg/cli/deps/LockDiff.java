package dev.wreg.cli.deps;

import java.util.ArrayList;
import java.util.List;

/** How two locks differ, in one line for an error message. */
final class LockDiff {

    private LockDiff() {}

    static String describe(LockFile before, LockFile after) {
        List<String> old = ManifestCommand.lines(before);
        List<String> now = ManifestCommand.lines(after);
        List<String> changes = new ArrayList<>();
        for (String line : now) {
            if (!old.contains(line)) {
                changes.add("+ " + line);
            }
        }
        for (String line : old) {
            if (!now.contains(line)) {
                changes.add("- " + line);
            }
        }
        if (changes.isEmpty()) {
            return "the digests, log indices or registry it records differ";
        }
        return String.join("; ", changes);
    }
}
