package dev.wreg.cli.compose;

import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.version.VersionReq;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a composition input comes from, as typed: a local file, a registry release
 * ({@code ns:name@requirement}) or a blob in the registry ({@code sha256:<hex>}). An existing file
 * wins over the other readings, so {@code ./a:b} stays a file.
 */
sealed interface ComposeSource {

    String text();

    record LocalFile(Path path, String text) implements ComposeSource {}

    record Release(PackageRef ref, VersionReq requirement, String text) implements ComposeSource {}

    record Blob(Digest digest, String text) implements ComposeSource {}

    Pattern PACKAGE_LIKE = Pattern.compile("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*(@.*)?");

    static ComposeSource parse(String text, CliEnvironment env) {
        Path path = env.resolve(text);
        if (Files.exists(path)) {
            return new LocalFile(path, text);
        }
        try {
            if (text.startsWith("sha256:")) {
                return new Blob(Digest.parse(text), text);
            }
            if (PACKAGE_LIKE.matcher(text).matches()) {
                PackageRef ref = PackageRef.parse(text);
                VersionReq requirement = VersionReq.parse(ref.versionText() == null ? "*" : ref.versionText());
                return new Release(ref, requirement, text);
            }
        } catch (ProtocolException e) {
            throw CliException.usage(
                    "'" + text + "' is neither a file, ns:name@requirement nor sha256:<hex>: " + e.getMessage());
        }
        return new LocalFile(path, text);
    }

    /** The name the composer shows for this input: the file stem, or the release. */
    static String stem(Path p) {
        String stem = p.getFileName().toString();
        int dot = stem.lastIndexOf('.');
        return dot > 0 ? stem.substring(0, dot) : stem;
    }
}
