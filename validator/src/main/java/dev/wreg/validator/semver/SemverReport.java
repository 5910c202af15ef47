package dev.wreg.validator.semver;

import java.util.List;

/**
 * The outcome of comparing two releases.
 *
 * @param changes every change, in item order (imports first)
 * @param required the smallest bump that covers all changes ({@link Change.Impact#PATCH} when none)
 * @param actual the bump between the two given versions, or null when no versions were given
 * @param breaking the changes whose impact exceeds {@code actual} (empty when the bump is enough)
 */
public record SemverReport(List<Change> changes, Change.Impact required, Change.Impact actual, List<Change> breaking) {
    public SemverReport {
        changes = List.copyOf(changes);
        breaking = List.copyOf(breaking);
    }

    /** Whether the version bump covers every change (always true when no versions were given). */
    public boolean compatible() {
        return breaking.isEmpty();
    }
}
