package dev.wreg.cli.verify;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.Plural;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.LogEntry;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.cli.log.LogAudit;
import dev.wreg.cli.oci.OciPuller;
import dev.wreg.cli.oci.OciReference;
import dev.wreg.cli.oci.OciVerification;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.SignedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg verify}: re-derives the registry's whole transparency log from its tiles; {@code
 * wreg verify ns:name}: checks one package's history (signatures, chain, permissions, and every
 * record's inclusion in the log).
 */
@Command(
        name = "verify",
        description = "Re-derive and check the registry's whole transparency log, or one package's history.",
        mixinStandardHelpOptions = true)
public final class VerifyCommand extends RegistryCommand {

    @Parameters(
            paramLabel = "NS:NAME|FILE",
            arity = "0..1",
            description = "A package to check; with --oci, the component file the OCI client pulled, or the"
                    + " OCI image layout directory it copied to.")
    String target;

    @Option(
            names = "--oci",
            paramLabel = "REF",
            description = "Check a component pulled with an OCI client (skopeo, oras, wkg): REF is its OCI"
                    + " reference, e.g. 127.0.0.1:8080/example/hello:0.1.0.")
    String oci;

    @Override
    protected void execute() {
        if (oci != null) {
            verifyOci();
            return;
        }
        RegistryClient client = client();
        if (target == null) {
            Checkpoint checkpoint = logTrust(client).checkpoint().checkpoint();
            LogAudit.Report report = LogAudit.audit(client, checkpoint);
            println("log " + checkpoint.origin() + ": " + report.entries() + " entries, " + report.bundles()
                    + " entry bundles and " + report.tiles() + " tiles re-derived; root matches the checkpoint"
                    + " (verified)");
            return;
        }
        PackageName name = PackageRef.parseName(target);
        VerifiedPackage pkg = verifier(client).verify(name);
        if (!pkg.exists()) {
            throw CliException.notFound("package " + name + " not found on " + client.registry());
        }
        int logged = checkNothingHidden(client, name, pkg);
        println(name + ": " + Plural.of(pkg.state().recordCount(), "record") + ", each signed, chained, permitted and"
                + " included in the log; the log holds " + Plural.of(logged, "record") + " of " + name
                + ", none hidden (verified)");
    }

    /**
     * Pulls REF's manifest and release proof anonymously (as any OCI client would), then checks the
     * proof against the pinned log key, the record against the package's verified history, and the
     * pulled file (when given) against the manifest's layer digest.
     */
    private void verifyOci() {
        OciReference ref = OciReference.parse(oci);
        RegistryClient client = clientFor(RegistryAddress.parse(ref.base().toString()));
        OciPuller puller = new OciPuller(ref.base());
        OciVerification.Verified verified = OciVerification.verify(
                ref,
                puller,
                puller.discovery().namespacePrefix(),
                name -> verifier(client).verify(name),
                logTrust(client).key());
        String file = "";
        if (target != null) {
            Path path = env().resolve(target);
            if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("oci-layout"))) {
                // An OCI image layout (skopeo copy … oci:DIR, oras copy --to-oci-layout): its layer file.
                path = path.resolve("blobs/sha256").resolve(verified.layer().hex());
                if (!Files.isRegularFile(path)) {
                    throw CliException.notFound("the OCI layout " + target + " holds no layer " + verified.layer());
                }
            }
            Digest actual;
            try (InputStream in = Files.newInputStream(path)) {
                actual = Digest.sha256(in);
            } catch (IOException e) {
                throw CliException.usage("cannot read " + target + ": " + e.getMessage());
            }
            if (!actual.equals(verified.layer())) {
                throw CliException.integrity(
                        target + " hashes to " + actual + ", but " + ref + " is " + verified.layer());
            }
            file = target + " is ";
        }
        println(ref + ": " + file + verified.pkg() + "@" + verified.release().version() + " ("
                + verified.layer() + "), manifest " + verified.manifest() + "; its signed record "
                + verified.release().recordId() + (verified.viaOci() ? " (published through OCI)" : "")
                + " is in the package's verified history and at log index " + verified.logIndex()
                + " under a checkpoint of size " + verified.treeSize() + " signed by the log key (verified)");
    }

    /**
     * Reads the whole log and requires every record it holds for the package to be in the history
     * the registry serves: a registry that hides a release, yank or revocation it logged (so that
     * a client sees an older state) is caught here. Returns how many of the package's records the
     * log holds.
     */
    private int checkNothingHidden(RegistryClient client, PackageName name, VerifiedPackage pkg) {
        Checkpoint checkpoint = logTrust(client).checkpoint().checkpoint();
        Set<String> served = new HashSet<>();
        for (LogEntry record : pkg.records()) {
            served.add(Digest.sha256(record.envelope().payload()).toString());
        }
        List<byte[]> entries = LogAudit.entries(client, checkpoint);
        int logged = 0;
        for (int index = 0; index < entries.size(); index++) {
            SignedRecord record = packageRecord(entries.get(index));
            if (record == null || !record.record().pkg().equals(name)) {
                continue;
            }
            logged++;
            if (!served.contains(record.id().toString())) {
                throw CliException.integrity("log entry " + index + " is record " + record.id() + " of " + name
                        + ", which the registry's history of " + name + " leaves out");
            }
        }
        return logged;
    }

    /** The package record a log entry holds, or null for operator records and foreign entries. */
    private static SignedRecord packageRecord(byte[] entry) {
        try {
            Envelope envelope = Envelope.parse(entry);
            if (!Envelope.RECORD_PAYLOAD_TYPE.equals(envelope.payloadType())) {
                return null;
            }
            return SignedRecord.of(envelope);
        } catch (ProtocolException e) {
            return null;
        }
    }
}
