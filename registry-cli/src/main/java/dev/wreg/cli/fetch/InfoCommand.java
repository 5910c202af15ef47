package dev.wreg.cli.fetch;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import java.util.Locale;
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
        VerifiedPackage pkg = verifier(client).verify(name);
        if (!pkg.exists()) {
            throw CliException.notFound("package " + name + " not found on " + client.registry());
        }
        PackageState state = pkg.state();
        OciLocations oci = OciLocations.of(client, name);
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
            printJson(node);
            return;
        }
        println(name + "  (" + state.recordCount() + " records, head " + state.head() + ", verified)");
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
        println("keys:");
        state.permissions()
                .forEach((keyId, permissions) -> println("  " + keyId.value() + "  "
                        + StateJson.sorted(permissions).stream()
                                .map(p -> p.name().toLowerCase(Locale.ROOT))
                                .toList()));
    }
}
