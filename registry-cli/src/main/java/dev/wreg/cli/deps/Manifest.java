package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.VersionReq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * A project's {@code wreg.toml} (docs/manifest.md): what the project builds, and what it depends
 * on, either packages by version requirement or interfaces by version requirement for which the
 * registry proposes providers.
 *
 * <pre>
 * [package]
 * name = "demo:app"          # what this project builds (optional)
 * world = "app"              # its WIT world (optional, for people and tools)
 * wit = "wit"                # where `wreg deps fetch` puts deps/ (default "wit")
 *
 * [dependencies]
 * "calc:consumer" = "^1"                                   # a package
 * "example:calc/ops" = "^1.1"                              # an interface: any provider
 * "example:greeter/greet" = { version = "*", package = "demo:upper" }   # one provider named
 *
 * [host]
 * provides = ["wasi:*"]      # imports the host satisfies; not resolved (default ["wasi:*"])
 * </pre>
 *
 * @param name the package the project builds, or null
 * @param world the WIT world the project builds, or null
 * @param witDir the project's WIT directory, relative to the manifest
 * @param dependencies sorted by name
 * @param hostProvides patterns of interfaces the host provides: {@code ns:*}, {@code ns:pkg/*} or
 *     an exact {@code ns:pkg/iface}
 */
public record Manifest(
        PackageName name, String world, String witDir, List<Dependency> dependencies, List<String> hostProvides) {

    public static final String FILE_NAME = "wreg.toml";

    /** Longest manifest read; a real one is a few hundred bytes. */
    static final long MAX_BYTES = 1 << 20;

    private static final TomlMapper TOML = TomlMapper.builder().build();
    private static final Set<String> TOP_LEVEL = Set.of("package", "dependencies", "host");
    private static final Set<String> PACKAGE_KEYS = Set.of("name", "world", "wit");

    public Manifest {
        dependencies = dependencies.stream()
                .sorted(Comparator.comparing(Dependency::key))
                .toList();
        hostProvides = List.copyOf(hostProvides);
    }

    /** What the project depends on. */
    public sealed interface Dependency {
        /** The manifest key: {@code ns:name} or {@code ns:pkg/iface}. */
        String key();

        /** The version requirement as written. */
        String requirementText();

        VersionReq requirement();
    }

    /** A package at a version matching {@code requirement}. */
    public record PackageDependency(PackageName name, VersionReq requirement, String requirementText)
            implements Dependency {
        @Override
        public String key() {
            return name.toString();
        }
    }

    /**
     * An interface exported by some release at an interface version matching {@code requirement};
     * {@code provider} settles which package when several provide it (null: the only one).
     */
    public record InterfaceDependency(
            InterfaceName iface, VersionReq requirement, String requirementText, PackageName provider)
            implements Dependency {
        @Override
        public String key() {
            return iface.id();
        }
    }

    /** Reads and checks a manifest; every problem is a usage error naming the file and the entry. */
    public static Manifest read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw CliException.usage(file + " is larger than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw CliException.usage("no " + FILE_NAME + " at " + file + " (docs/manifest.md describes one)");
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    static Manifest parse(String where, String text) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            throw CliException.usage(where + " is not valid TOML: " + firstLine(e.getOriginalMessage()));
        }
        for (String key : root.propertyNames()) {
            if (!TOP_LEVEL.contains(key)) {
                throw CliException.usage(
                        where + ": unknown table [" + key + "]; expected [package], [dependencies], [host]");
            }
        }
        JsonNode pkg = root.path("package");
        for (String key : pkg.propertyNames()) {
            if (!PACKAGE_KEYS.contains(key)) {
                throw CliException.usage(where + ": unknown key package." + key + "; expected name, world, wit");
            }
        }
        PackageName name = null;
        if (pkg.has("name")) {
            name = packageName(where, "package.name", string(where, "package.name", pkg.get("name")));
        }
        String world = pkg.has("world") ? string(where, "package.world", pkg.get("world")) : null;
        String wit = pkg.has("wit") ? string(where, "package.wit", pkg.get("wit")) : "wit";
        if (wit.isBlank()
                || Path.of(wit).isAbsolute()
                || Path.of(wit).normalize().startsWith("..")) {
            throw CliException.usage(where + ": package.wit must be a folder inside the project, not '" + wit + "'");
        }

        List<Dependency> dependencies = new ArrayList<>();
        JsonNode deps = root.path("dependencies");
        for (Map.Entry<String, JsonNode> entry : deps.properties()) {
            dependencies.add(dependency(where, entry.getKey(), entry.getValue()));
        }

        List<String> host = new ArrayList<>(List.of("wasi:*"));
        JsonNode provides = root.path("host").path("provides");
        if (!provides.isMissingNode()) {
            if (!provides.isArray()) {
                throw CliException.usage(where + ": host.provides must be an array of interface patterns");
            }
            host.clear();
            for (JsonNode p : provides) {
                host.add(hostPattern(where, string(where, "host.provides", p)));
            }
        }
        return new Manifest(name, world, wit, dependencies, host);
    }

    private static Dependency dependency(String where, String key, JsonNode value) {
        String what = "dependency \"" + key + "\"";
        String requirementText;
        PackageName provider = null;
        if (value.isString()) {
            requirementText = value.stringValue();
        } else if (value.isObject()) {
            for (String k : value.propertyNames()) {
                if (!k.equals("version") && !k.equals("package")) {
                    throw CliException.usage(
                            where + ": " + what + " has an unknown key " + k + "; expected version, package");
                }
            }
            requirementText = value.has("version") ? string(where, what + " version", value.get("version")) : "*";
            if (value.has("package")) {
                provider =
                        packageName(where, what + " package", string(where, what + " package", value.get("package")));
            }
        } else {
            throw CliException.usage(where + ": " + what
                    + " must be a version requirement or { version = \"…\", package = \"ns:name\" }");
        }
        VersionReq requirement;
        try {
            requirement = VersionReq.parse(requirementText);
        } catch (ProtocolException e) {
            throw CliException.usage(
                    where + ": " + what + " has an invalid requirement '" + requirementText + "': " + e.getMessage());
        }
        if (key.contains("/")) {
            InterfaceName iface;
            try {
                iface = InterfaceName.parse(key);
            } catch (ProtocolException e) {
                throw CliException.usage(where + ": " + what + ": " + e.getMessage());
            }
            if (iface.version() != null) {
                throw CliException.usage(where + ": " + what + ": name the interface without a version and put the"
                        + " version in the requirement (\"" + iface.id() + "\" = \"^" + iface.version() + "\")");
            }
            return new InterfaceDependency(iface, requirement, requirementText, provider);
        }
        if (provider != null) {
            throw CliException.usage(
                    where + ": " + what + " is a package; 'package' only settles an interface's provider");
        }
        return new PackageDependency(packageName(where, what, key), requirement, requirementText);
    }

    private static PackageName packageName(String where, String what, String text) {
        try {
            return PackageName.parse(text);
        } catch (ProtocolException e) {
            throw CliException.usage(where + ": " + what + ": " + e.getMessage());
        }
    }

    private static String hostPattern(String where, String pattern) {
        boolean valid = pattern.matches("[a-z][a-z0-9-]*:\\*")
                || pattern.matches("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*/\\*")
                || pattern.matches("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*/[a-z][a-z0-9-]*");
        if (!valid) {
            throw CliException.usage(
                    where + ": host.provides entry '" + pattern + "' is not ns:*, ns:pkg/* or ns:pkg/iface");
        }
        return pattern;
    }

    private static String string(String where, String what, JsonNode node) {
        if (node == null || !node.isString()) {
            throw CliException.usage(where + ": " + what + " must be a string");
        }
        return node.stringValue();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Whether the host satisfies an import of {@code iface} (an unversioned {@code ns:pkg/iface}). */
    public boolean hostProvides(String iface) {
        for (String pattern : hostProvides) {
            if (pattern.endsWith(":*") && iface.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
            if (pattern.endsWith("/*") && iface.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
            if (pattern.equals(iface)) {
                return true;
            }
        }
        return false;
    }
}
