package dev.wreg.cli.fetch;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.util.List;

/**
 * Which release a fetch means: none given → the latest; an exact version → that release, even
 * when yanked (as a lock file would); a requirement → the best match among releases that are not
 * yanked. Parsed before anything is fetched, so a typo fails fast as a usage error.
 */
sealed interface VersionSelection {

    record Latest() implements VersionSelection {}

    record Exact(Version version) implements VersionSelection {}

    record Requirement(VersionReq requirement, String text) implements VersionSelection {}

    static VersionSelection parse(String text) {
        if (text == null) {
            return new Latest();
        }
        Version exact = tryVersion(text);
        if (exact != null) {
            return new Exact(exact);
        }
        try {
            return new Requirement(VersionReq.parse(text), text);
        } catch (ProtocolException e) {
            // The parser's message repeats the text; say what is wrong once, then what would be right.
            String why = e.getMessage().replaceFirst("^version requirement \"[^\"]*\" ", "");
            throw CliException.usage("'" + text + "' is neither a version nor a version requirement (it " + why
                    + "); write a version such as 1.2.3 or a requirement such as ^1.2, ~1.2.3, >=1.0, <2 or *");
        }
    }

    default ReleaseInfo select(PackageName name, PackageState state) {
        return switch (this) {
            case Latest l -> {
                Version latest = state.latest()
                        .orElseThrow(() -> CliException.notFound(name + " has no release that is not yanked"));
                yield state.release(latest).orElseThrow();
            }
            case Exact(Version version) ->
                state.release(version).orElseThrow(() -> CliException.notFound(name + " has no version " + version));
            case Requirement(VersionReq requirement, String text) -> {
                List<Version> candidates = state.releases().stream()
                        .filter(r -> !r.yanked())
                        .map(ReleaseInfo::version)
                        .toList();
                Version best = requirement
                        .best(candidates)
                        .orElseThrow(() -> CliException.notFound(
                                "no release of " + name + " matches " + text + yankedHint(state, requirement)));
                yield state.release(best).orElseThrow();
            }
        };
    }

    private static String yankedHint(PackageState state, VersionReq requirement) {
        long yankedMatches = state.releases().stream()
                .filter(r -> r.yanked() && requirement.matches(r.version()))
                .count();
        return yankedMatches == 0 ? "" : " (" + yankedMatches + " yanked release(s) do; fetch one by exact version)";
    }

    /** A full {@code x.y.z} version is exact; anything shorter ({@code 1.2}) is a caret requirement. */
    private static Version tryVersion(String text) {
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        try {
            return Version.parse(text);
        } catch (ProtocolException e) {
            return null;
        }
    }
}
