package dev.wreg.cli.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.engine.wit.component.ComponentInterfaces;
import dev.wreg.protocol.api.InterfaceParty;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution rules against a registry held in memory (real fixture components, so imports and
 * exports are read from real WIT): transitive providers, ambiguity, cycles, missing providers,
 * and how an existing lock is kept or updated.
 */
class DependencyResolverTest {

    private static final String REGISTRY = "http://registry.test";

    @TempDir
    Path dir;

    private final Registry registry = new Registry();

    /** Releases by package; what resolution asks of a registry, answered from memory. */
    final class Registry implements ReleaseSource {
        record Release(Version version, boolean yanked, Path blob, Digest digest, long size, long logIndex) {}

        final Map<PackageName, List<Release>> packages = new LinkedHashMap<>();
        final List<String> asked = new ArrayList<>();

        void publish(String pkg, String version, String fixture, boolean yanked) {
            try {
                byte[] bytes = Files.readAllBytes(SharedData.fixtureWasm(fixture));
                Path blob = Files.write(dir.resolve(pkg.replace(':', '_') + "@" + version + ".wasm"), bytes);
                packages.computeIfAbsent(PackageName.parse(pkg), k -> new ArrayList<>())
                        .add(new Release(
                                Version.parse(version),
                                yanked,
                                blob,
                                Digest.sha256(bytes),
                                bytes.length,
                                packages.values().stream().mapToLong(List::size).sum()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void yank(String pkg, String version) {
            List<Release> releases = packages.get(PackageName.parse(pkg));
            releases.replaceAll(r -> r.version().equals(Version.parse(version))
                    ? new Release(r.version(), true, r.blob(), r.digest(), r.size(), r.logIndex())
                    : r);
        }

        void publish(String pkg, String version, String fixture) {
            publish(pkg, version, fixture, false);
        }

        @Override
        public Version best(PackageName name, VersionReq requirement, String why) {
            asked.add("best " + name);
            List<Release> releases = packages.get(name);
            if (releases == null) {
                throw CliException.notFound("package " + name + " is not on the registry");
            }
            return requirement
                    .best(releases.stream()
                            .filter(r -> !r.yanked())
                            .map(Release::version)
                            .toList())
                    .orElseThrow(() -> CliException.notFound("no release of " + name + " matches " + requirement));
        }

        @Override
        public ResolvedRelease release(PackageName name, Version version, LockFile.LockedVersion locked) {
            Release r = packages.get(name).stream()
                    .filter(x -> x.version().equals(version))
                    .findFirst()
                    .orElseThrow();
            return new ResolvedRelease(
                    name,
                    version,
                    r.digest(),
                    r.size(),
                    r.logIndex(),
                    locked == null ? 100 : locked.checkpointSize(),
                    r.blob(),
                    RegistryReleases.interfacesOf(name + "@" + version, r.blob()));
        }

        @Override
        public List<InterfaceParty> providers(InterfaceName iface, String why) {
            asked.add("providers " + iface);
            List<InterfaceParty> out = new ArrayList<>();
            packages.forEach((name, releases) -> {
                for (Release r : releases) {
                    ComponentInterfaces c = RegistryReleases.interfacesOf(name.toString(), r.blob());
                    for (ComponentInterfaces.InterfaceUse u : c.uses()) {
                        if (u.direction() == ComponentInterfaces.Direction.EXPORT && u.id().equals(iface.id())) {
                            out.add(new InterfaceParty(
                                    name.toString(), r.version().toString(), u.version(), r.yanked(), null));
                        }
                    }
                }
            });
            if (out.isEmpty()) {
                throw CliException.notFound("no release provides " + iface);
            }
            return out;
        }
    }

    private DependencyResolver.Resolution resolve(String manifest, LockFile old, DependencyResolver.Update update) {
        return new DependencyResolver(Manifest.parse("wreg.toml", manifest), old, update, registry, REGISTRY).resolve();
    }

    private DependencyResolver.Resolution resolve(String manifest) {
        return resolve(manifest, LockFile.empty(), DependencyResolver.Update.NONE);
    }

    private static List<String> pins(LockFile lock) {
        return lock.entries().stream()
                .map(e -> e.name() + " " + e.locked().requirement()
                        + (e.locked().provides() == null
                                ? ""
                                : " for " + e.locked().provides()) + " = "
                        + e.locked().version())
                .toList();
    }

    private void publishCalc() {
        registry.publish("calc:provider", "1.0.0", "calc-provider-1.0.0");
        registry.publish("calc:provider", "1.1.0", "calc-provider-1.1.0");
        registry.publish("calc:provider", "2.0.0", "calc-provider-2.0.0");
        registry.publish("calc:consumer", "1.1.0", "calc-consumer-1.1.0");
        registry.publish("calc:consumer", "2.0.0", "calc-consumer-2.0.0");
    }

    @Test
    void aConsumersImportsPullInTheirProvider() {
        publishCalc();
        DependencyResolver.Resolution r = resolve("[dependencies]\n\"calc:consumer\" = \"^1\"\n");
        assertThat(pins(r.lock()))
                .containsExactly("calc:consumer ^1 = 1.1.0", "calc:provider ^1.1.0 for example:calc/ops = 1.1.0");
        assertThat(r.releases())
                .extracting(ResolvedRelease::label)
                .containsExactly("calc:consumer@1.1.0", "calc:provider@1.1.0");
        assertThat(r.lock().packages()).allSatisfy(p -> assertThat(p.registry()).isEqualTo(REGISTRY));
    }

    @Test
    void anInterfaceDependencyIsMetByANamedPackageOrByTheOnlyProvider() {
        publishCalc();
        assertThat(pins(resolve("""
                        [dependencies]
                        "example:calc/ops" = "^1"
                        """).lock())).containsExactly("calc:provider ^1 for example:calc/ops = 1.1.0");
        assertThat(pins(resolve("""
                        [dependencies]
                        "calc:provider" = "=1.0.0"
                        "example:calc/ops" = "^1"
                        """).lock()))
                .as("a package the manifest names provides it")
                .containsExactly("calc:provider =1.0.0 = 1.0.0", "calc:provider ^1 for example:calc/ops = 1.0.0");
    }

    @Test
    void severalProvidersAreAnErrorListingThemSettledByNamingOne() {
        registry.publish("greet:upper", "0.1.0", "greeter-upper");
        registry.publish("greet:reverse", "0.2.0", "greeter-reverse");
        assertThatThrownBy(() -> resolve("[dependencies]\n\"example:greeter/greet\" = \"*\"\n"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("is provided by 2 packages: greet:reverse 0.2.0, greet:upper 0.1.0")
                .hasMessageContaining("\"example:greeter/greet\" = { version = \"*\", package = \"greet:reverse\" }")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(pins(resolve("""
                        [dependencies]
                        "example:greeter/greet" = { version = "*", package = "greet:upper" }
                        """).lock())).containsExactly("greet:upper * for example:greeter/greet = 0.1.0");
    }

    @Test
    void componentsImportingFromEachOtherAreACycle() {
        registry.publish("greet:a", "0.1.0", "greeter-exclaim");
        registry.publish("greet:b", "0.1.0", "greeter-exclaim");
        assertThatThrownBy(() -> resolve("[dependencies]\n\"greet:a\" = \"*\"\n\"greet:b\" = \"*\"\n"))
                .isInstanceOf(CliException.class)
                .hasMessage("cyclic dependency: greet:a → greet:b → greet:a (each imports what the next one exports,"
                        + " so they cannot be composed)");
    }

    @Test
    void anImportNoReleaseProvidesIsNotFound() {
        publishCalc();
        registry.packages.remove(PackageName.parse("calc:provider"));
        registry.publish("calc:provider", "1.0.0", "calc-provider-1.0.0");
        assertThatThrownBy(() -> resolve("[dependencies]\n\"calc:consumer\" = \"^2\"\n"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(
                        "no release provides example:calc/ops ^2.0.0 (calc:consumer@2.0.0 imports"
                                + " example:calc/ops@2.0.0); what the registry has: calc:provider 1.0.0 (example:calc/ops@1.0.0)")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void theHostsInterfacesAreNotResolved() {
        publishCalc();
        DependencyResolver.Resolution r = resolve("""
                [dependencies]
                "calc:consumer" = "^1"
                [host]
                provides = ["example:calc/*"]
                """);
        assertThat(pins(r.lock())).containsExactly("calc:consumer ^1 = 1.1.0");
    }

    @Test
    void aLockedReleaseIsKeptEvenWhenNewerOrYankedUntilUpdated() {
        registry.publish("calc:provider", "1.0.0", "calc-provider-1.0.0");
        String manifest = "[dependencies]\n\"calc:provider\" = \"^1\"\n";
        LockFile first = resolve(manifest).lock();
        assertThat(pins(first)).containsExactly("calc:provider ^1 = 1.0.0");

        registry.publish("calc:provider", "1.1.0", "calc-provider-1.1.0");
        assertThat(resolve(manifest, first, DependencyResolver.Update.NONE).lock())
                .as("a newer release does not change the lock")
                .isEqualTo(first);
        registry.asked.clear();
        resolve(manifest, first, DependencyResolver.Update.NONE);
        assertThat(registry.asked).as("a locked package is not resolved again").isEmpty();

        LockFile updated = resolve(manifest, first, new DependencyResolver.Update(true, java.util.Set.of()))
                .lock();
        assertThat(pins(updated)).containsExactly("calc:provider ^1 = 1.1.0");
        assertThat(pins(resolve(
                                manifest,
                                first,
                                new DependencyResolver.Update(
                                        false, java.util.Set.of(PackageName.parse("calc:provider"))))
                        .lock()))
                .containsExactly("calc:provider ^1 = 1.1.0");

        assertThat(pins(resolve(
                                "[dependencies]\n\"calc:provider\" = \"=1.1.0\"\n",
                                first,
                                DependencyResolver.Update.NONE)
                        .lock()))
                .as("a lock entry for another requirement is not reused")
                .containsExactly("calc:provider =1.1.0 = 1.1.0");

        registry.yank("calc:provider", "1.0.0");
        assertThat(resolve(manifest, first, DependencyResolver.Update.NONE).lock())
                .as("a locked release yanked since is still used (cargo does the same)")
                .isEqualTo(first);
        assertThat(pins(resolve(manifest).lock())).containsExactly("calc:provider ^1 = 1.1.0");
    }

    @Test
    void updatingToTheSameReleaseKeepsTheEntryAsItWas() {
        registry.publish("calc:provider", "1.0.0", "calc-provider-1.0.0");
        String manifest = "[dependencies]\n\"calc:provider\" = \"^1\"\n";
        LockFile.LockedVersion fresh =
                resolve(manifest).lock().entries().getFirst().locked();
        LockFile older = new LockFile(List.of(new LockFile.LockedPackage(
                PackageName.parse("calc:provider"),
                REGISTRY,
                List.of(new LockFile.LockedVersion(
                        "^1", null, fresh.version(), fresh.digest(), fresh.size(), fresh.logIndex(), 7)))));
        assertThat(resolve(manifest, older, new DependencyResolver.Update(true, java.util.Set.of()))
                        .lock())
                .as("the checkpoint it was proven under then still proves it")
                .isEqualTo(older);
    }

    @Test
    void aLockPinningAnotherRegistryIsResolvedAgain() {
        registry.publish("calc:provider", "1.0.0", "calc-provider-1.0.0");
        LockFile elsewhere = new LockFile(List.of(new LockFile.LockedPackage(
                PackageName.parse("calc:provider"),
                "http://other.test",
                List.of(new LockFile.LockedVersion(
                        "^1", null, Version.parse("1.0.0"), Digest.sha256(new byte[] {9}), 1, 0, 1)))));
        LockFile lock = resolve(
                        "[dependencies]\n\"calc:provider\" = \"^1\"\n", elsewhere, DependencyResolver.Update.NONE)
                .lock();
        assertThat(lock.packages().getFirst().registry()).isEqualTo(REGISTRY);
        assertThat(lock).isNotEqualTo(elsewhere);
    }
}
