package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * {@code wreg.lock}: every dependency pinned to one release, in the shape of wkg.lock v1
 * ({@code version = 1}, {@code [[packages]]} with {@code name} and {@code registry}, then
 * {@code [[packages.versions]]} with {@code requirement}, {@code version}, {@code digest}) plus what
 * wreg verified: the release's {@code size}, the {@code log-index} of the record that released it
 * and the {@code checkpoint-size} of the log checkpoint its inclusion was proven under. An entry
 * locked for an interface dependency says which with {@code provides}. Packages are sorted by
 * name, versions by provides and requirement, so the file diffs well.
 */
public record LockFile(List<LockedPackage> packages) {

    public static final String FILE_NAME = "wreg.lock";
    public static final int FORMAT_VERSION = 1;

    private static final TomlMapper TOML = TomlMapper.builder().build();
    private static final Set<String> VERSION_KEYS =
            Set.of("requirement", "provides", "version", "digest", "size", "log-index", "checkpoint-size");

    public LockFile {
        packages = packages.stream()
                .map(p -> new LockedPackage(
                        p.name(),
                        p.registry(),
                        p.versions().stream().sorted(LockedVersion.ORDER).toList()))
                .sorted(Comparator.comparing((LockedPackage p) -> p.name().toString())
                        .thenComparing(LockedPackage::registry))
                .toList();
    }

    public static LockFile empty() {
        return new LockFile(List.of());
    }

    /** One package and the releases of it the project uses. */
    public record LockedPackage(PackageName name, String registry, List<LockedVersion> versions) {
        public LockedPackage {
            versions = List.copyOf(versions);
        }
    }

    /**
     * One locked release.
     *
     * @param requirement the requirement it satisfies (of the package, or with {@code provides} of
     *     the interface's version)
     * @param provides the interface this release was chosen to provide, or null for a package
     *     dependency
     */
    public record LockedVersion(
            String requirement,
            String provides,
            Version version,
            Digest digest,
            long size,
            long logIndex,
            long checkpointSize) {

        static final Comparator<LockedVersion> ORDER = Comparator.comparing(
                        (LockedVersion v) -> v.provides() == null ? "" : v.provides())
                .thenComparing(LockedVersion::requirement)
                .thenComparing(LockedVersion::version);
    }

    /** A locked entry together with its package, as resolution looks them up. */
    public record Entry(PackageName name, String registry, LockedVersion locked) {}

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (LockedPackage p : packages) {
            for (LockedVersion v : p.versions()) {
                out.add(new Entry(p.name(), p.registry(), v));
            }
        }
        return out;
    }

    /** The entry locked for a package dependency with this requirement text. */
    public Optional<Entry> forPackage(PackageName name, String requirement) {
        return entries().stream()
                .filter(e -> e.name().equals(name)
                        && e.locked().provides() == null
                        && e.locked().requirement().equals(requirement))
                .findFirst();
    }

    /** The entry locked for an interface dependency with this requirement text. */
    public Optional<Entry> forInterface(String iface, String requirement) {
        return entries().stream()
                .filter(e -> iface.equals(e.locked().provides())
                        && e.locked().requirement().equals(requirement))
                .findFirst();
    }

    /** Reads a lock file; empty when there is none. A malformed one is a usage error. */
    public static Optional<LockFile> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        return Optional.of(parse(file.toString(), text));
    }

    static LockFile parse(String where, String text) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            throw CliException.usage(where + " is not valid TOML: " + e.getOriginalMessage());
        }
        if (root.path("version").asInt(-1) != FORMAT_VERSION) {
            throw CliException.usage(where + ": unsupported lock file version " + root.path("version")
                    + " (this wreg writes version " + FORMAT_VERSION + ")");
        }
        List<LockedPackage> packages = new ArrayList<>();
        for (JsonNode p : root.path("packages")) {
            PackageName name = parseOr(where, "a package name", () -> PackageName.parse(text(where, p, "name")));
            String registry = text(where, p, "registry");
            List<LockedVersion> versions = new ArrayList<>();
            for (JsonNode v : p.path("versions")) {
                for (String key : v.propertyNames()) {
                    if (!VERSION_KEYS.contains(key)) {
                        throw CliException.usage(where + ": " + name + " has an unknown key " + key);
                    }
                }
                String what = name + " " + v.path("version").asString("");
                String provides = v.has("provides") ? text(where, v, "provides") : null;
                if (provides != null) {
                    parseOr(where, what + " provides", () -> InterfaceName.parse(provides));
                }
                versions.add(new LockedVersion(
                        text(where, v, "requirement"),
                        provides,
                        parseOr(where, what + " version", () -> Version.parse(text(where, v, "version"))),
                        parseOr(where, what + " digest", () -> Digest.parse(text(where, v, "digest"))),
                        number(where, v, "size", what),
                        number(where, v, "log-index", what),
                        number(where, v, "checkpoint-size", what)));
            }
            packages.add(new LockedPackage(name, registry, versions));
        }
        return new LockFile(packages);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parseOr(String where, String what, Parse<T> parse) {
        try {
            return parse.get();
        } catch (ProtocolException e) {
            throw CliException.usage(where + ": " + what + ": " + e.getMessage());
        }
    }

    private static String text(String where, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isString()) {
            throw CliException.usage(where + ": an entry lacks the string " + key);
        }
        return value.stringValue();
    }

    private static long number(String where, JsonNode node, String key, String what) {
        JsonNode value = node.get(key);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw CliException.usage(where + ": " + what + " lacks a whole number " + key);
        }
        return value.asLong();
    }

    /** The file's text: the same lock always gives the same bytes. */
    public String toToml() {
        StringBuilder out = new StringBuilder();
        out.append("# Written by `wreg lock`; do not edit by hand. Every release below was verified against\n");
        out.append("# its signed record and the registry's transparency log (docs/manifest.md).\n");
        out.append("version = ").append(FORMAT_VERSION).append('\n');
        for (LockedPackage p : packages) {
            out.append("\n[[packages]]\n");
            out.append("name = ").append(quote(p.name().toString())).append('\n');
            out.append("registry = ").append(quote(p.registry())).append('\n');
            for (LockedVersion v : p.versions()) {
                out.append("\n[[packages.versions]]\n");
                out.append("requirement = ").append(quote(v.requirement())).append('\n');
                if (v.provides() != null) {
                    out.append("provides = ").append(quote(v.provides())).append('\n');
                }
                out.append("version = ").append(quote(v.version().toString())).append('\n');
                out.append("digest = ").append(quote(v.digest().toString())).append('\n');
                out.append("size = ").append(v.size()).append('\n');
                out.append("log-index = ").append(v.logIndex()).append('\n');
                out.append("checkpoint-size = ").append(v.checkpointSize()).append('\n');
            }
        }
        return out.toString();
    }

    /** A TOML basic string. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Writes the file atomically (temporary file, then rename), so a reader never sees half a lock. */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(temp, toToml(), StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliException(dev.wreg.cli.ExitCode.SOFTWARE, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
