package dev.wreg.protocol.name;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.version.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface name {@code ns:pkg/iface}, optionally with the version of its package
 * ({@code ns:pkg/iface@x.y.z}), as components name what they import and export.
 *
 * <p>Named without a version it stands for every version of the interface; with one, for the
 * versions on the same semver track ({@link Version#track()}: {@code 1.4.0} → every {@code 1.y.z},
 * {@code 0.2.1} → every {@code 0.2.z}, {@code 0.0.3} or a prerelease → only itself).
 *
 * @param pkg the interface's package, without version
 * @param name the interface's name inside the package (a kebab-case label)
 * @param version null when none was given
 */
public record InterfaceName(PackageName pkg, String name, Version version) {

    /** Longest text accepted by {@link #parse}. */
    public static final int MAX_LENGTH = 2 * PackageName.MAX_LABEL_LENGTH + 2 + PackageName.MAX_LABEL_LENGTH + 1 + 64;

    public InterfaceName {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(name, "name");
        if (!PackageName.isValidLabel(name)) {
            throw new ProtocolException(
                    "invalid-name", "interface name \"" + shorten(name) + "\" is not a lowercase kebab-case label");
        }
    }

    /** Parses {@code ns:pkg/iface[@version]}; code {@code invalid-name} when the text is not one. */
    public static InterfaceName parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new ProtocolException("invalid-name", "interface name is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ProtocolException("invalid-name", "interface name is longer than " + MAX_LENGTH + " characters");
        }
        int at = text.indexOf('@');
        String base = at < 0 ? text : text.substring(0, at);
        int slash = base.indexOf('/');
        if (slash < 0 || base.indexOf('/', slash + 1) >= 0) {
            throw new ProtocolException(
                    "invalid-name",
                    "interface name \"" + shorten(text) + "\" must have the form ns:pkg/iface or ns:pkg/iface@version");
        }
        PackageName pkg = PackageName.parse(base.substring(0, slash));
        Version version = null;
        if (at >= 0) {
            try {
                version = Version.parse(text.substring(at + 1));
            } catch (ProtocolException e) {
                throw new ProtocolException(
                        "invalid-name",
                        "interface name \"" + shorten(text) + "\" has an invalid version: " + e.getMessage());
            }
        }
        return new InterfaceName(pkg, base.substring(slash + 1), version);
    }

    /** {@code ns:pkg/iface}, without version. */
    public String id() {
        return pkg + "/" + name;
    }

    /** The semver track the version stands for; empty when no version was given. */
    public Optional<String> track() {
        return Optional.ofNullable(version).map(Version::track);
    }

    /** This name without its version. */
    public InterfaceName unversioned() {
        return version == null ? this : new InterfaceName(pkg, name, null);
    }

    /** How a track is shown to people: {@code 1.x}, {@code 0.2.x}, or an exact version as is. */
    public static String displayTrack(String track) {
        if (track == null || track.isEmpty()) {
            return "unversioned";
        }
        if (track.matches("[1-9][0-9]*|0\\.[1-9][0-9]*")) {
            return track + ".x";
        }
        return track;
    }

    @Override
    public String toString() {
        return version == null ? id() : id() + "@" + version;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
