package dev.wreg.cli;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;

/**
 * A package as typed on the command line, {@code ns:name} optionally followed by
 * {@code @version} or {@code @requirement}; the part after {@code @} is kept as text because
 * what it may be depends on the command.
 */
public record PackageRef(PackageName name, String versionText) {

    public static PackageRef parse(String text) {
        int at = text.indexOf('@');
        String namePart = at < 0 ? text : text.substring(0, at);
        String versionPart = at < 0 ? null : text.substring(at + 1);
        PackageName name;
        try {
            name = PackageName.parse(namePart);
        } catch (ProtocolException e) {
            throw CliException.usage("'" + namePart + "' is not a package name (ns:name): " + e.getMessage());
        }
        if (versionPart != null && versionPart.isBlank()) {
            throw CliException.usage("nothing after '@' in '" + text + "'");
        }
        return new PackageRef(name, versionPart);
    }

    public static PackageName parseName(String text) {
        PackageRef ref = parse(text);
        if (ref.versionText != null) {
            throw CliException.usage("'" + text + "' names a version; give the package alone (ns:name)");
        }
        return ref.name;
    }

    /** For commands about one exact version ({@code yank ns:name@1.0.0}). */
    public Version exactVersion() {
        if (versionText == null) {
            throw CliException.usage("give the version: " + name + "@<version>");
        }
        return parseVersion(versionText);
    }

    public static Version parseVersion(String text) {
        try {
            return Version.parse(text);
        } catch (ProtocolException e) {
            throw CliException.usage("'" + text + "' is not a semantic version: " + e.getMessage());
        }
    }
}
