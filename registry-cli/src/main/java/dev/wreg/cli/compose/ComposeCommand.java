package dev.wreg.cli.compose;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.cli.PackageRef;
import dev.wreg.cli.RegistryCommand;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.client.TransferListener;
import dev.wreg.cli.deps.LockedReleases;
import dev.wreg.cli.deps.ResolvedRelease;
import dev.wreg.cli.fetch.BlobCache;
import dev.wreg.cli.keys.LocalKey;
import dev.wreg.cli.publish.RecordWriter;
import dev.wreg.cli.publish.SigningCommand;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.composer.plan.PackageResolver;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.api.CompositionView;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wreg compose}: links components by WIT interface on this machine, validates the result
 * and smoke-runs it. Exit codes: 0 composed and every check passed, 1 composed but a check or a
 * smoke call failed (the output is still written), 2 refused (the reason on one line) or bad usage.
 */
@Command(
        name = "compose",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = 2,
        description = {
            "Compose WebAssembly components by WIT interface:",
            "  wreg compose FILE.wac [-o out.wasm]   evaluate a composition plan (WAC)",
            "  wreg compose plug SOCKET --plug P...  fill a socket's imports with plugs"
        },
        subcommands = {ComposeCommand.Plug.class})
public final class ComposeCommand extends RegistryCommand {

    /** {@code wreg compose FILE.wac [-o out.wasm]}: the plan options live in {@link ComposeFile}. */
    @Mixin
    ComposeFile file = new ComposeFile();

    @Mixin
    LockedOption lock = new LockedOption();

    @Override
    protected void execute() {
        if (file.plan == null) {
            spec.commandLine().usage(spec.commandLine().getErr());
            exitStatus(ExitCode.USAGE);
            return;
        }
        exitStatus(file.run(env().out(), env().err(), registryPackages()));
    }

    /**
     * Plan packages that neither {@code --dep} nor the deps folder provide come from the registry,
     * verified exactly as {@code wreg fetch} verifies them. The registry is asked only then, so a
     * plan whose packages are all local needs no registry at all.
     */
    private PackageResolver registryPackages() {
        if (lock.active()) {
            return lockedPackages();
        }
        SourceResolver sources = new SourceResolver(
                this::client, () -> verifier(client()), locations().cacheDir(), env().err(), null);
        return (name, requirement) -> {
            String text = requirement == null ? name : name + "@" + requirement;
            ComposeSource.Release release;
            try {
                release = new ComposeSource.Release(
                        PackageRef.parse(text), VersionReq.parse(requirement == null ? "*" : requirement), text);
            } catch (ProtocolException e) {
                throw new CompositionException(
                        "unknown-package", "`" + text + "` names no registry package: " + e.getMessage());
            }
            ResolvedSource resolved;
            try {
                resolved = sources.resolve("dependency", release);
            } catch (CliException e) {
                if (e.exitCode() == ExitCode.UNAVAILABLE) {
                    // Offline is normal for a local composition: the package is simply unknown here.
                    throw new CompositionException(
                            "unknown-package",
                            "unknown package `" + name + "` (not in the deps folder, and the registry cannot be"
                                    + " reached: " + e.getMessage() + ")");
                }
                if (e.exitCode() != ExitCode.NOT_FOUND) {
                    throw e;
                }
                // Keep the plan's own wording (and position) for what the registry does not have.
                throw e.getMessage().startsWith("package ")
                        ? PackageResolver.unknownPackage(name)
                        : PackageResolver.unknownVersion(name, requirement);
            }
            return new PackageResolver.ResolvedPackage(name, resolved.version().toString(), resolved.bytes());
        };
    }

    /**
     * With {@code --locked} or {@code --offline} the plan's packages come from wreg.lock, opened
     * only when the plan names one that the local sources do not have.
     */
    private PackageResolver lockedPackages() {
        Supplier<LockedReleases> pinned =
                memoize(() -> LockedReleases.open(env().resolve(lock.file), releaseSource(lock.offline), lock.offline));
        return (name, requirement) -> {
            String text = requirement == null ? name : name + "@" + requirement;
            PackageName pkg;
            VersionReq req;
            try {
                pkg = PackageName.parse(name);
                req = requirement == null ? null : VersionReq.parse(requirement);
            } catch (ProtocolException e) {
                throw new CompositionException(
                        "unknown-package", "`" + text + "` names no registry package: " + e.getMessage());
            }
            ResolvedRelease release = pinned.get().resolve(pkg, req, "the plan's `new " + text + "`");
            return new PackageResolver.ResolvedPackage(
                    name, release.version().toString(), SourceResolver.readFile(release.blob()));
        };
    }

    static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    @Command(
            name = "plug",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = 2,
            description = "Fill the imports of SOCKET with the matching exports of the plugs (wac plug semantics).",
            footer = {
                "",
                "SOCKET and PLUG are files, registry releases (ns:name@requirement: the newest non-yanked",
                "match, verified like wreg fetch) or registry blobs (sha256:<hex>).",
                "",
                "Exit codes: 0 composed and all checks passed, 1 composed but a check failed,",
                "2 refused (reason on one line) or usage error; with --remote or --publish, the",
                "registry's refusals exit as documented in docs/cli.md (3 not found, 4 auth, 5 conflict)."
            })
    public static final class Plug extends SigningCommand {

        @Parameters(index = "0", paramLabel = "SOCKET", description = "The component whose imports are filled.")
        String socket;

        @Option(
                names = {"-p", "--plug"},
                required = true,
                paramLabel = "PLUG",
                description = "A component whose exports fill imports (repeatable; order matters with --transitive).")
        List<String> plugs = new ArrayList<>();

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                description = "Where to write the composed component (default: composed.wasm).")
        String output = "composed.wasm";

        @Option(
                names = {"-t", "--transitive"},
                description = "Also fill each plug's imports from the plugs listed after it (chains).")
        boolean transitive;

        @Option(
                names = "--invoke",
                paramLabel = "CALL",
                description = "A call in WAVE syntax to smoke-run on the result, e.g. 'run()' (repeatable).")
        List<String> invoke = new ArrayList<>();

        @Option(names = "--wit", description = "Print the WIT world of the result.")
        boolean printWit;

        /** Local smoke runs only: with --remote the registry applies its own limits. */
        @Mixin
        SmokeRunOptions smokeRun = new SmokeRunOptions();

        @Option(
                names = "--remote",
                description = "Compose on the registry (POST /v1/compositions); local files are uploaded first."
                        + " The result is downloaded and checked against its digest.")
        boolean remote;

        @Option(
                names = "--publish",
                paramLabel = "NS:NAME@VERSION",
                description = "Publish the result as this release, its record naming the inputs (provenance);"
                        + " signed with the local key (--key).")
        String publish;

        @Option(
                names = "--registry-signs",
                description = "With --remote --publish: let the registry's composer key sign the release"
                        + " (the package owner must have granted it release).")
        boolean registrySigns;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                description = "With --remote: how long to wait for a long composition (default: 600).")
        long waitSeconds = 600;

        @Mixin
        LockedOption lock = new LockedOption();

        /** The releases wreg.lock pins, opened on first use (only with --locked or --offline). */
        private Supplier<LockedReleases> pinned;

        private Supplier<LockedReleases> pinned() {
            if (pinned == null && lock.active()) {
                pinned = memoize(
                        () -> LockedReleases.open(env().resolve(lock.file), releaseSource(lock.offline), lock.offline));
            }
            return pinned;
        }

        @Override
        protected void execute() {
            PackageRef target = publish == null ? null : PackageRef.parse(publish);
            if (target != null) {
                target.exactVersion();
            }
            if (registrySigns && (!remote || target == null)) {
                throw CliException.usage("--registry-signs needs --remote and --publish");
            }
            if (remote && lock.offline) {
                throw CliException.usage("--remote needs the registry; it cannot be combined with --offline");
            }
            ComposeSource socketSource = ComposeSource.parse(socket, env());
            List<ComposeSource> plugSources = new ArrayList<>();
            for (String p : plugs) {
                plugSources.add(ComposeSource.parse(p, env()));
            }
            Path out = env().resolve(output);
            Composed composed = remote
                    ? composeRemotely(socketSource, plugSources, target)
                    : composeLocally(socketSource, plugSources);
            if (composed == null) {
                return;
            }
            if (target != null && !registrySigns) {
                if (!composed.passed()) {
                    note("wreg: not publishing " + publish + ": a check failed");
                } else {
                    publishSigned(target, out, composed.provenance());
                }
            }
            exitStatus(composed.passed() ? ExitCode.OK : ExitCode.SOFTWARE);
        }

        /** The outcome both ways of composing share: did every check pass, and what went in. */
        private record Composed(boolean passed, Composition provenance) {}

        private Composed composeLocally(ComposeSource socketSource, List<ComposeSource> plugSources) {
            SourceResolver resolver = new SourceResolver(
                    this::client, () -> verifier(client()), locations().cacheDir(), env().err(), pinned());
            ResolvedSource socketInput = resolver.resolve("socket", socketSource);
            List<ResolvedSource> plugInputs = new ArrayList<>();
            for (ComposeSource p : plugSources) {
                plugInputs.add(resolver.resolve("plug", p));
            }
            ComposePipeline.Result result;
            try {
                result = ComposePipeline.plug(new ComposePipeline.PlugRequest(
                        socketInput.input(),
                        plugInputs.stream().map(ResolvedSource::input).toList(),
                        transitive,
                        invoke,
                        LoadedPackage.DEFAULT_MAX_BYTES,
                        smokeRun.limits()));
            } catch (CompositionException e) {
                env().err().println("wreg: composition refused: " + e.getMessage());
                env().err().flush();
                exitStatus(ExitCode.USAGE);
                return null;
            }
            Path out = env().resolve(output);
            try {
                Files.write(out, result.bytes());
            } catch (IOException e) {
                throw new CliException(ExitCode.SOFTWARE, "cannot write " + out + ": " + e.getMessage());
            }
            ReportPrinter.print(
                    env().out(),
                    out + " (" + result.report().size() + " bytes)",
                    result.report().view(),
                    printWit);
            SmokeRunOptions.reportLimit(env().err(), result.report());
            List<ResolvedSource> all = new ArrayList<>();
            all.add(socketInput);
            all.addAll(plugInputs);
            return new Composed(
                    result.report().passed(),
                    new Composition(
                            "plug",
                            transitive,
                            null,
                            all.stream().map(ResolvedSource::provenance).toList()));
        }

        private Composed composeRemotely(
                ComposeSource socketSource, List<ComposeSource> plugSources, PackageRef target) {
            RegistryClient client = client();
            String socketRef = remoteRef(client, socketSource);
            List<String> plugRefs = new ArrayList<>();
            for (ComposeSource p : plugSources) {
                plugRefs.add(remoteRef(client, p));
            }
            CompositionRequest body = CompositionRequest.plug(
                    socketRef,
                    plugRefs,
                    transitive,
                    List.copyOf(invoke),
                    registrySigns
                            ? new CompositionRequest.PublishTarget(
                                    target.name().toString(),
                                    target.exactVersion().toString())
                            : null);
            CompositionView job = client.compose(body, Duration.ofSeconds(waitSeconds));
            if (job.result() == null || job.report() == null) {
                throw CliException.integrity(
                        "the registry says composition " + job.id() + " succeeded but sent no result or report");
            }
            checkPinnedInputs(job);
            Digest digest = Digest.parse(job.result().digest());
            long size = job.result().size();
            Path blob = new BlobCache(locations().cacheDir(), env().err()).get(digest, size, client);
            Path out = env().resolve(output);
            try {
                Files.copy(blob, out, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new CliException(ExitCode.SOFTWARE, "cannot write " + out + ": " + e.getMessage());
            }
            ReportPrinter.print(
                    env().out(),
                    out + " (" + job.report().size() + " bytes, composed by the registry)",
                    job.report(),
                    printWit);
            CompositionView.PublishedView published = job.published();
            if (published != null) {
                println("published " + published.pkg() + "@" + published.version() + " " + digest + " (record "
                        + published.recordId() + ", signed by the registry's composer key)");
            }
            Composition provenance = target == null || registrySigns ? null : verifiedProvenance(client, job);
            return new Composed(job.report().passed(), provenance);
        }

        /** Digests of the releases wreg.lock pinned for a remote composition, by {@code ns:name@version}. */
        private final java.util.Map<String, Digest> pinnedDigests = new java.util.HashMap<>();

        /**
         * A local file goes up as a blob first; registry references are sent as typed, or with
         * {@code --locked} as the exact release wreg.lock pins.
         */
        private String remoteRef(RegistryClient client, ComposeSource source) {
            if (source instanceof ComposeSource.Release release && pinned() != null) {
                ResolvedRelease r = pinned().get()
                        .resolve(release.ref().name(), release.requirement(), "the input " + release.text());
                pinnedDigests.put(r.label(), r.digest());
                return r.name() + "@=" + r.version();
            }
            if (!(source instanceof ComposeSource.LocalFile file)) {
                return source.text();
            }
            byte[] bytes = SourceResolver.readFile(file.path());
            Digest digest = Digest.sha256(bytes);
            if (!client.blobExists(digest)) {
                client.uploadBlob(digest, file.path(), bytes.length, TransferListener.NONE);
            }
            return digest.toString();
        }

        /** The registry must have composed exactly the releases wreg.lock pins. */
        private void checkPinnedInputs(CompositionView job) {
            for (CompositionView.InputView input :
                    job.inputs() == null ? List.<CompositionView.InputView>of() : job.inputs()) {
                String label = input.pkg() + "@" + input.version();
                Digest expected = pinnedDigests.get(label);
                if (expected != null && !expected.toString().equals(input.content())) {
                    throw CliException.integrity("the registry composed " + label + " as " + input.content()
                            + " but wreg.lock pins " + expected);
                }
            }
        }

        /**
         * The inputs the registry says it used, each checked against this machine's verification
         * of that package's log before the local key signs a record naming them.
         */
        private Composition verifiedProvenance(RegistryClient client, CompositionView job) {
            List<Composition.Input> inputs = new ArrayList<>();
            for (CompositionView.InputView input :
                    job.inputs() == null ? List.<CompositionView.InputView>of() : job.inputs()) {
                Digest content = Digest.parse(input.content());
                PackageName pkg = null;
                Version version = null;
                if (input.pkg() != null) {
                    pkg = PackageName.parse(input.pkg());
                    version = Version.parse(input.version());
                    ReleaseInfo release = verifier(client)
                            .verify(pkg)
                            .state()
                            .release(version)
                            .orElseThrow(() -> CliException.integrity(
                                    "the registry composed from a release its log does not have: " + input));
                    if (!release.content().equals(content)) {
                        throw CliException.integrity("the registry composed " + input.pkg() + "@" + input.version()
                                + " as " + content + " but its signed release is " + release.content());
                    }
                }
                inputs.add(new Composition.Input(input.role(), pkg, version, content));
            }
            return new Composition("plug", transitive, null, inputs);
        }

        /** Like {@code wreg publish}, with the composition's provenance in the release entry. */
        private void publishSigned(PackageRef target, Path result, Composition provenance) {
            PackageName name = target.name();
            Version version = target.exactVersion();
            byte[] bytes = SourceResolver.readFile(result);
            Digest digest = Digest.sha256(bytes);
            LocalKey key = signingKey();
            RegistryClient client = client();
            VerifiedPackage pkg = verifier(client).verify(name);
            if (pkg.state().release(version).isPresent()) {
                throw CliException.conflict(name + "@" + version + " already exists; versions are never reused");
            }
            List<Entry> entries = new ArrayList<>();
            if (!pkg.exists()) {
                entries.add(new Entry.Init(key.publicKey()));
            }
            entries.add(new Entry.Release(version, digest, bytes.length, provenance));
            RecordWriter writer = new RecordWriter(client, logTrust(client));
            RecordWriter.Prepared prepared = writer.prepare(pkg, key, entries);
            if (dryRun) {
                note("wreg: dry run: " + name + "@" + version + " (" + digest + ") checks out; nothing sent");
                println(new String(prepared.record().envelope().payload(), StandardCharsets.UTF_8));
                return;
            }
            if (!client.blobExists(digest)) {
                client.uploadBlob(digest, result, bytes.length, TransferListener.NONE);
            }
            writer.submit(prepared);
            println("published " + name + "@" + version + " " + digest + " (record "
                    + prepared.record().id() + ", composed from "
                    + provenance.inputs().size() + " inputs)");
        }
    }
}
