package dev.wreg.cli.publish;

import dev.wreg.cli.CliException;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.client.TransferListener;
import dev.wreg.cli.fetch.BlobCache;
import dev.wreg.cli.keys.LocalKey;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.api.PublishPolicyView;
import dev.wreg.protocol.api.PublishResponse;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.version.Version;
import dev.wreg.validator.publishpolicy.PublishPolicy;
import dev.wreg.validator.release.ReleaseCheck;
import dev.wreg.validator.release.ReleaseRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg publish FILE --package ns:name --version V}: checks the file is a valid component,
 * verifies the package's log, runs the registry's release check (the namespace's policy as the
 * registry states it, semver against the previous release), signs the next record (init first
 * for a new package), checks it against the local state machine, uploads the blob (skipped when
 * the registry has it) and submits the record.
 */
@Command(name = "publish", description = "Check, sign and publish a component as a new release.")
public final class PublishCommand extends SigningCommand {

    // Not mixinStandardHelpOptions: its -V/--version would take the place of the release's
    // --version, and then --help was refused for the missing required options.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "FILE", description = "The component (.wasm) to publish.")
    String file;

    @Option(names = "--package", required = true, paramLabel = "NS:NAME", description = "Package name.")
    String packageName;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "Semantic version.")
    String versionText;

    @Option(names = "--json", description = "Print the registry's answer as JSON.")
    boolean json;

    @Override
    protected void execute() {
        PackageName name = PackageRef.parseName(packageName);
        Version version = PackageRef.parseVersion(versionText);
        Path path = env().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw CliException.usage("no such file: " + path);
        }
        byte[] bytes = read(path);
        // The bytes alone first: a file that is no component is refused before any network use.
        check(ReleaseCheck.componentOnly(), path, bytes, version, Optional.empty());
        Hashed hashed = new Hashed(Digest.sha256(bytes), bytes.length);
        LocalKey key = signingKey();

        RegistryClient client = client();
        VerifiedPackage pkg = verifier(client).verify(name);
        var existing = pkg.state().release(version);
        if (existing.isPresent()) {
            if (existing.get().content().equals(hashed.digest())) {
                note("wreg: " + name + "@" + version + " is already published with this content (" + hashed.digest()
                        + ")");
                return;
            }
            throw CliException.conflict(name + "@" + version + " already exists with other content ("
                    + existing.get().content() + "); versions are never reused, publish a new one");
        }
        checkAsTheRegistryWill(client, name, pkg.state(), path, bytes, version);

        List<Entry> entries = new ArrayList<>();
        if (!pkg.exists()) {
            entries.add(RecordEntries.init(key.publicKey()));
        }
        entries.add(RecordEntries.release(version, hashed.digest(), hashed.size()));
        RecordWriter writer = new RecordWriter(client, logTrust(client));
        RecordWriter.Prepared prepared = writer.prepare(pkg, key, entries);

        if (dryRun) {
            note("wreg: dry run: " + name + "@" + version + " (" + hashed.digest() + ", " + hashed.size()
                    + " bytes) checks out" + (pkg.exists() ? "" : " as a new package") + "; nothing sent");
            println(new String(prepared.record().envelope().payload(), StandardCharsets.UTF_8));
            return;
        }

        if (client.blobExists(hashed.digest())) {
            note("wreg: the registry already has " + hashed.digest() + "; not uploading it again");
        } else {
            TransferListener progress =
                    env().terminal() ? new ProgressBar(env().err(), "uploading") : TransferListener.NONE;
            client.uploadBlob(hashed.digest(), path, hashed.size(), name.namespace(), progress);
        }
        PublishResponse answer = writer.submit(prepared);
        if (json) {
            printJson(answer);
        } else {
            println("published " + name + "@" + version + " " + hashed.digest() + " (record "
                    + prepared.record().id() + ", index " + answer.index() + ")");
        }
        warnIfNotLatest(prepared.after(), version);
    }

    private void warnIfNotLatest(PackageState after, Version version) {
        after.latest()
                .filter(latest -> !latest.equals(version) && !version.isPrerelease())
                .ifPresent(latest -> note("wreg: note: " + latest + " stays the latest version"));
    }

    record Hashed(Digest digest, long size) {}

    /**
     * The registry's own release check, run here before anything is uploaded: the namespace's
     * publish policy as the registry states it (size, structure, imports) and semver against the
     * previous release, whose bytes are fetched and verified like {@code wreg fetch} does.
     */
    private void checkAsTheRegistryWill(
            RegistryClient client, PackageName name, PackageState state, Path path, byte[] bytes, Version version) {
        Optional<PublishPolicyView> stated = client.publishPolicy(name.namespace());
        if (stated.isEmpty()) {
            note("wreg: note: " + client.registry() + " does not state its publish policy; only the component"
                    + " itself was checked before uploading");
            return;
        }
        PublishPolicyView rules = stated.get();
        PublishPolicy policy = new PublishPolicy(
                rules.maxBytes(),
                rules.maxNesting(),
                rules.maxImports(),
                rules.maxExports(),
                rules.maxCoreModules(),
                rules.allowedImports() == null ? List.of() : rules.allowedImports(),
                rules.deniedImports() == null ? List.of() : rules.deniedImports());
        ReleaseCheck check = ReleaseCheck.of(policy, "namespace '" + name.namespace() + "'", rules.semver());
        BlobCache cache = new BlobCache(locations().cacheDir(), env().err());
        Optional<ReleaseCheck.Baseline> baseline = ReleaseCheck.baselineOf(version, state.releases())
                .map(previous -> new ReleaseCheck.Baseline(
                        previous.version(), () -> read(cache.get(previous.content(), previous.size(), client))));
        ReleaseCheck.Accepted accepted = check(check, path, bytes, version, baseline);
        if (accepted.semverSkipped() != null) {
            note("wreg: note: no semver check: " + accepted.semverSkipped());
        }
    }

    private static ReleaseCheck.Accepted check(
            ReleaseCheck check, Path path, byte[] bytes, Version version, Optional<ReleaseCheck.Baseline> baseline) {
        try {
            return check.check(path.getFileName().toString(), bytes, version, baseline);
        } catch (ReleaseRefusedException e) {
            throw CliException.usage(e.getMessage() + "; nothing was uploaded");
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
