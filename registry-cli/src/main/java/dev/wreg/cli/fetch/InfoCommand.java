package dev.wreg.cli.fetch;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.Plural;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.validator.publishpolicy.CapabilitySummary;
import dev.wreg.validator.publishpolicy.PublishPolicy;
import dev.wreg.validator.publishpolicy.PublishPolicyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code wreg info ns:name}: the package's verified state (versions, yanks, keys). */
@Command(
        name = "info",
        description = "Show a package's releases and keys, verified from its signed records.",
        mixinStandardHelpOptions = true)
public final class InfoCommand extends RegistryCommand {

    @Parameters(paramLabel = "NS:NAME")
    String target;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void execute() {
        PackageName name = PackageRef.parseName(target);
        RegistryClient client = client();
        VerifiedPackage pkg = verifierKeepingRecords(client).verify(name);
        if (!pkg.exists()) {
            throw CliException.notFound("package " + name + " not found on " + client.registry());
        }
        PackageState state = pkg.state();
        OciLocations oci = OciLocations.of(client, name);
        Optional<Capabilities> capabilities = capabilities(client, state);
        if (json) {
            ObjectNode node = StateJson.state(state, (release, version) -> {
                Provenance.of(pkg, release).ifPresent(c -> Provenance.addTo(version, c));
                if (Provenance.viaOci(pkg, release)) {
                    version.put("via", "oci");
                }
                oci.of(release).ifPresent(location -> {
                    ObjectNode o = version.putObject("oci");
                    o.put("reference", location.reference());
                    o.put("manifest", location.manifest().toString());
                });
            });
            capabilities.ifPresent(c -> {
                ObjectNode o = node.putObject("capabilities");
                o.put("version", c.version().toString());
                c.summary().wasiInterfaces().forEach(o.putArray("wasi")::add);
                c.summary().otherInterfaces().forEach(o.putArray("otherImports")::add);
            });
            printJson(node);
            return;
        }
        println(name + "  (" + Plural.of(state.recordCount(), "record") + ", head " + state.head() + ", verified)");
        println("latest: " + state.latest().map(Object::toString).orElse("none"));
        println("versions:");
        for (ReleaseInfo release : state.releases()) {
            StringBuilder line = new StringBuilder("  " + release.version() + "  " + release.content() + "  "
                    + release.size() + " bytes  " + release.time());
            if (release.yanked()) {
                line.append("  YANKED");
                if (release.yankReason() != null && !release.yankReason().isEmpty()) {
                    line.append(" (").append(release.yankReason()).append(")");
                }
            }
            if (release.deprecated() != null) {
                line.append("  deprecated: ").append(release.deprecated());
            }
            println(line.toString());
            Provenance.of(pkg, release).ifPresent(c -> println("    " + Provenance.describe(c)));
            if (Provenance.viaOci(pkg, release)) {
                println("    published through OCI (signed by the registry's key)");
            }
            oci.of(release)
                    .ifPresent(location ->
                            println("    oci: " + location.reference() + "  manifest " + location.manifest()));
        }
        capabilities.ifPresent(c -> {
            println("capabilities of " + c.version() + " (from its verified bytes):");
            println("  wasi: " + joined(c.summary().wasiInterfaces()));
            println("  other imports: " + joined(c.summary().otherInterfaces()));
        });
        println("keys:");
        state.permissions()
                .forEach((keyId, permissions) -> println("  " + keyId.value() + "  "
                        + StateJson.sorted(permissions).stream()
                                .map(p -> p.name().toLowerCase(Locale.ROOT))
                                .toList()));
    }

    /** What the latest release asks of its host, read from its bytes as the registry's policy check does. */
    record Capabilities(Version version, CapabilitySummary summary) {}

    /**
     * The latest release's capability summary, computed here from the verified (and cached) bytes
     * rather than taken from the registry's unsigned listing; empty when nothing is released.
     */
    private Optional<Capabilities> capabilities(RegistryClient client, PackageState state) {
        Optional<ReleaseInfo> latest = state.latest().flatMap(state::release);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        ReleaseInfo release = latest.get();
        Path blob = new BlobCache(locations().cacheDir(), env().err()).get(release.content(), release.size(), client);
        try {
            byte[] bytes = Files.readAllBytes(blob);
            return Optional.of(new Capabilities(
                    release.version(),
                    PublishPolicyCheck.check(bytes, PublishPolicy.defaults()).capabilities()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + blob, e);
        } catch (RuntimeException e) {
            // Releases from before validation was enforced may not parse; the rest of info still holds.
            note("wreg: warning: cannot read the capabilities of " + release.version() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String joined(java.util.List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
