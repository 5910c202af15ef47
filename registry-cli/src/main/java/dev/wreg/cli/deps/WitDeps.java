package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.engine.wit.component.WitDecodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the WIT packages the locked releases use into {@code <wit>/deps/}, as {@code wkg fetch}
 * lays them out ({@code deps/<ns>-<name>-<version>/package.wit}), so {@code wit-bindgen} and
 * {@code jco} find them: for a component, every package its world names (not its own
 * {@code root:component}); for a WIT package, that package and the ones it uses. A package met in
 * several releases is written once: the text that carries the most (components only carry the
 * parts of a package they use).
 *
 * <p>The folder is built beside {@code deps/} and swapped in whole, so a failure leaves the old
 * {@code deps/} as it was.
 */
public final class WitDeps {

    private WitDeps() {}

    /** The text of each WIT package, by folder name. */
    static Map<String, String> packages(List<ResolvedRelease> releases) {
        Map<String, String> out = new TreeMap<>();
        for (ResolvedRelease release : releases) {
            ComponentWit.Decoded decoded;
            try {
                decoded = ComponentWit.decode(Files.readAllBytes(release.blob()));
            } catch (ComponentFormatException | WitDecodeException e) {
                throw CliException.usage(release.label() + " has no WIT to write into deps/: " + e.getMessage());
            } catch (IOException e) {
                throw new CliException(
                        ExitCode.SOFTWARE, "cannot read the cached " + release.label() + ": " + e.getMessage());
            }
            for (int i = 0; i < decoded.resolve().packages().size(); i++) {
                PackageId id = new PackageId(i);
                if (id.equals(decoded.main()) && !decoded.isWitPackage()) {
                    continue;
                }
                WitPackage pkg = decoded.resolve().pkg(id);
                String folder = pkg.name().toString().replace(':', '-').replace('@', '-');
                String text = WitPrinter.print(decoded.resolve(), id, List.of(), true);
                out.merge(folder, text, (a, b) -> b.length() > a.length() ? b : a);
            }
        }
        return out;
    }

    /** Replaces {@code witDir/deps} with the packages of {@code releases}; answers the folders written. */
    public static List<String> write(Path witDir, List<ResolvedRelease> releases) {
        Map<String, String> packages = packages(releases);
        Path deps = witDir.resolve("deps");
        try {
            Files.createDirectories(witDir);
            Path staging = Files.createTempDirectory(witDir, ".deps-");
            try {
                for (Map.Entry<String, String> p : packages.entrySet()) {
                    Path dir = Files.createDirectories(staging.resolve(p.getKey()));
                    Files.writeString(dir.resolve("package.wit"), p.getValue());
                }
                Path previous = null;
                if (Files.exists(deps)) {
                    previous = witDir.resolve(".deps-old-" + System.nanoTime());
                    Files.move(deps, previous);
                }
                Files.move(staging, deps);
                if (previous != null) {
                    deleteTree(previous);
                }
            } finally {
                if (Files.exists(staging)) {
                    deleteTree(staging);
                }
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.SOFTWARE, "cannot write " + deps + ": " + e.getMessage());
        }
        return List.copyOf(packages.keySet());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
