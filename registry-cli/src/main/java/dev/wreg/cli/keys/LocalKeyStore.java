package dev.wreg.cli.keys;

import dev.wreg.cli.CliException;
import dev.wreg.cli.config.SecureFiles;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PrivateKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Private keys as files {@code <name>.key} (the key text, mode 0600) in a 0700 directory, and
 * the name of the default key in {@code default}. The first key created becomes the default.
 */
public final class LocalKeyStore {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String SUFFIX = ".key";

    private final Path dir;
    private final PrintStream warnings;

    public LocalKeyStore(Path dir, PrintStream warnings) {
        this.dir = dir;
        this.warnings = warnings;
    }

    public Path dir() {
        return dir;
    }

    public LocalKey create(String name, KeyType type, boolean makeDefault) {
        checkName(name);
        PrivateKey key = switch (type) {
            case ED25519 -> PrivateKey.generateEd25519();
            case ECDSA_P256 -> PrivateKey.generateEcdsaP256();
        };
        Path file = fileOf(name);
        if (dir.getParent() != null) {
            // The wreg configuration directory also holds the credentials: keep it private too.
            SecureFiles.createPrivateDirectories(dir.getParent());
        }
        try {
            SecureFiles.createPrivate(file, (key.text() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            throw CliException.conflict("a key named '" + name + "' already exists (" + file + ")");
        }
        boolean isDefault = makeDefault || defaultName().isEmpty();
        if (isDefault) {
            setDefault(name);
        }
        return new LocalKey(name, key, file, isDefault);
    }

    public List<LocalKey> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length()))
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return names.stream().map(this::load).toList();
    }

    public LocalKey load(String name) {
        checkName(name);
        Path file = fileOf(name);
        if (!Files.isRegularFile(file)) {
            throw CliException.notFound(
                    "no key named '" + name + "' in " + dir + " (create one with: wreg key new --name " + name + ")");
        }
        SecureFiles.looserThanOwnerOnly(file)
                .ifPresent(mode -> warnings.println("wreg: warning: key file " + file + " has mode " + mode
                        + "; others may read it (chmod 600 " + file + ")"));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return new LocalKey(
                    name,
                    PrivateKey.parse(text),
                    file,
                    defaultName().map(name::equals).orElse(false));
        } catch (ProtocolException e) {
            throw CliException.usage("key file " + file + " does not hold a valid private key: " + e.getMessage());
        }
    }

    /** The key named, or else the default key, or else the only key. */
    public LocalKey select(String nameOrNull) {
        if (nameOrNull != null) {
            return load(nameOrNull);
        }
        Optional<String> defaultName = defaultName();
        if (defaultName.isPresent()) {
            return load(defaultName.get());
        }
        List<LocalKey> keys = list();
        if (keys.size() == 1) {
            return keys.getFirst();
        }
        if (keys.isEmpty()) {
            throw CliException.notFound("no signing key yet; create one with: wreg key new");
        }
        throw CliException.usage("several keys and no default; choose one with --key NAME");
    }

    public Optional<String> defaultName() {
        Path file = dir.resolve("default");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String name = Files.readString(file, StandardCharsets.UTF_8).strip();
            return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void setDefault(String name) {
        checkName(name);
        if (!Files.isRegularFile(fileOf(name))) {
            throw CliException.notFound("no key named '" + name + "' in " + dir);
        }
        SecureFiles.writePrivate(dir.resolve("default"), (name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Path fileOf(String name) {
        return dir.resolve(name + SUFFIX);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CliException.usage(
                    "key name '" + name
                            + "' must be 1-64 characters of lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
