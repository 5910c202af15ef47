package dev.wreg.server.compose;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.composer.plan.PackageResolver;
import dev.wreg.composer.plan.PlanSyntax;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.api.CompositionView.InputView;
import dev.wreg.protocol.api.CompositionView.PublishedView;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.api.ReportView;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.refusal.Refusal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed job: resolve the inputs → compose, validate, smoke-run → store the result blob
 * → publish it when asked. A refusal or a failed check ends the job as {@code failed} with its
 * report and reason, and nothing else stored: the result blob is written only once every check
 * passed.
 */
@Service
public record CompositionRunner(
        CompositionInputs inputs,
        CompositionJobs jobs,
        BlobStore blobs,
        ComposerPublisher publisher,
        CompositionProperties properties) {

    private static final Logger log = LoggerFactory.getLogger(CompositionRunner.class);
    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What a job asks for: the request, on whose behalf, and its plan when already parsed (by the
     * replica that accepted the request; null when the job is read back from its row).
     */
    public record Work(CompositionRequest request, Caller caller, PlanSyntax.Document plan) {}

    /** The work a job's row describes (a job this replica did not accept itself). */
    public Work workOf(CompositionJobs.Claimed job) {
        return new Work(JSON.readValue(job.request(), CompositionRequest.class), callerOf(job.caller()), null);
    }

    /** Runs a job read back from its row. */
    public void run(CompositionJobs.Claimed job) {
        run(job, workOf(job));
    }

    public void run(CompositionJobs.Claimed job, Work work) {
        UUID id = job.id();
        String token = job.token();
        List<ResolvedInput> resolved = new ArrayList<>();
        String report = null;
        try {
            CompositionRequest request = work.request();
            Caller caller = work.caller();
            long max = properties.maxInputSize().toBytes();
            var limits = properties.smokeRun().engineLimits();
            ComposePipeline.Result result;
            if (request.plan() != null) {
                ComposePipeline.PlanRequest planRequest = new ComposePipeline.PlanRequest(
                        PLAN_FILE_NAME,
                        request.plan(),
                        registryPackages(resolved, max),
                        request.invokeOrEmpty(),
                        max,
                        limits);
                result = work.plan() != null
                        ? ComposePipeline.compose(planRequest, work.plan())
                        : ComposePipeline.compose(planRequest);
            } else {
                resolved.add(inputs.resolve("socket", InputRef.parse("socket", request.socket()), max));
                for (String plug : request.plugsOrEmpty()) {
                    resolved.add(inputs.resolve("plug", InputRef.parse("plug", plug), max));
                }
                List<ComposeInput> plugs = resolved.subList(1, resolved.size()).stream()
                        .map(r -> new ComposeInput(r.displayName(), r.bytes()))
                        .toList();
                result = ComposePipeline.plug(new ComposePipeline.PlugRequest(
                        new ComposeInput(
                                resolved.getFirst().displayName(),
                                resolved.getFirst().bytes()),
                        plugs,
                        request.isTransitive(),
                        request.invokeOrEmpty(),
                        max,
                        limits));
            }
            ReportView view = result.report().view();
            report = JSON.writeValueAsString(view);
            var limit = result.report().smokeRun().limitExceeded();
            if (limit.isPresent()) {
                finish(jobs.fail(
                        id,
                        token,
                        inputsJson(resolved),
                        report,
                        Refusal.Kind.UNPROCESSABLE,
                        ProblemCodes.LIMIT_EXCEEDED,
                        "the smoke run went past its `" + limit.get() + "` limit: " + firstFailure(view)));
                return;
            }
            if (!view.passed()) {
                finish(jobs.fail(
                        id,
                        token,
                        inputsJson(resolved),
                        report,
                        Refusal.Kind.UNPROCESSABLE,
                        ProblemCodes.COMPOSITION_FAILED,
                        firstFailure(view)));
                return;
            }
            if (result.bytes().length > max) {
                throw new Refusal(
                        Refusal.Kind.TOO_LARGE,
                        ProblemCodes.INPUT_TOO_LARGE,
                        "the composed component is " + result.bytes().length + " bytes, more than the limit of " + max);
            }
            Digest digest = Digest.sha256(result.bytes());
            blobs.put(digest, new ByteArrayInputStream(result.bytes()), max);
            String published = null;
            if (request.publish() != null) {
                PackageName name = PackageName.parse(request.publish().pkg());
                Version version = Version.parse(request.publish().version());
                Composition provenance = new Composition(
                        request.plan() != null ? "plan" : "plug",
                        request.isTransitive(),
                        request.plan() != null ? Digest.sha256(request.plan().getBytes(StandardCharsets.UTF_8)) : null,
                        resolved.stream().map(ResolvedInput::provenance).toList());
                ComposerPublisher.Published release =
                        publisher.publish(name, version, digest, result.bytes().length, provenance, caller);
                published = JSON.writeValueAsString(
                        new PublishedView(release.pkg(), release.version(), release.recordId(), release.logIndex()));
            }
            finish(jobs.succeed(
                    id, token, inputsJson(resolved), report, digest.toString(), result.bytes().length, published));
        } catch (CompositionException e) {
            finish(jobs.fail(id, token, inputsJson(resolved), report, kindOf(e), e.code(), e.getMessage()));
        } catch (Refusal e) {
            finish(jobs.fail(id, token, inputsJson(resolved), report, e.kind(), e.code(), e.detail()));
        } catch (ProtocolException e) {
            finish(jobs.fail(id, token, inputsJson(resolved), report, Refusal.kindOf(e), e.code(), e.getMessage()));
        } catch (OutOfMemoryError e) {
            // The heap is free again once this frame has unwound (the guest's memory and the
            // inputs were this job's own), so the worker records the failure and takes the next
            // job. Leaving the job `running` would keep its client waiting for a result that
            // never comes, since this replica's claim stays alive.
            log.error("composition {} ran out of heap; its smoke-run limits are larger than the heap allows", id, e);
            finish(jobs.fail(
                    id,
                    token,
                    inputsJson(resolved),
                    report,
                    Refusal.Kind.UNAVAILABLE,
                    ProblemCodes.OVERLOADED,
                    "the server ran out of memory while composing; the same request may succeed when it is less busy"));
        } catch (RuntimeException | StackOverflowError e) {
            if (Thread.currentThread().isInterrupted()) {
                log.warn("composition {} was stopped: this worker lost its claim or is shutting down", id);
                return;
            }
            log.error("composition {} failed unexpectedly", id, e);
            finish(jobs.fail(
                    id,
                    token,
                    inputsJson(resolved),
                    report,
                    Refusal.Kind.BROKEN,
                    ProblemCodes.INTERNAL_ERROR,
                    "the composer failed unexpectedly: " + e));
        }
    }

    /** A finish that wrote nothing means another worker holds the job now; its outcome stands. */
    private static void finish(boolean written) {
        if (!written) {
            log.warn("a composition's claim was taken over before it finished; the newer claim's outcome stands");
        }
    }

    /** The composer refuses what cannot be composed; too large and not found are said as such. */
    static Refusal.Kind kindOf(CompositionException e) {
        return switch (e.code()) {
            case ProblemCodes.INPUT_TOO_LARGE -> Refusal.Kind.TOO_LARGE;
            // A plan naming what the registry does not hold, as for plug inputs.
            case ProblemCodes.UNKNOWN_PACKAGE, ProblemCodes.UNKNOWN_VERSION -> Refusal.Kind.NOT_FOUND;
            default -> Refusal.Kind.UNPROCESSABLE;
        };
    }

    /** How errors in a plan sent in a request name their position: {@code plan.wac:LINE:COLUMN}. */
    static final String PLAN_FILE_NAME = "plan.wac";

    /**
     * A plan's packages come from this registry's releases, resolved like the inputs of a plug
     * composition (newest non-yanked match, bytes re-hashed); each one is recorded as an input.
     */
    private PackageResolver registryPackages(List<ResolvedInput> resolved, long max) {
        return (name, requirement) -> {
            String text = requirement == null ? name : name + "@" + requirement;
            InputRef.Release ref;
            try {
                ref = new InputRef.Release(
                        PackageName.parse(name), VersionReq.parse(requirement == null ? "*" : requirement), text);
            } catch (ProtocolException e) {
                throw new CompositionException("unknown-package", "`" + text + "` names no package: " + e.getMessage());
            }
            ResolvedInput input;
            try {
                input = inputs.resolve("dependency", ref, max);
            } catch (Refusal e) {
                // The plan compiler words these as wac does and adds the plan position.
                if (e.code().equals(ProblemCodes.NOT_FOUND)) {
                    throw PackageResolver.unknownPackage(name);
                }
                if (e.code().equals("unknown-version")) {
                    throw PackageResolver.unknownVersion(name, requirement);
                }
                throw e;
            }
            resolved.add(input);
            return new PackageResolver.ResolvedPackage(name, input.version().toString(), input.bytes());
        };
    }

    /** The inputs as resolved: role, what was asked, and the release and digest it became. */
    static String inputsJson(List<ResolvedInput> resolved) {
        List<InputView> views = resolved.stream()
                .map(r -> new InputView(
                        r.role(),
                        r.requested(),
                        r.pkg() == null ? null : r.pkg().toString(),
                        r.version() == null ? null : r.version().toString(),
                        r.content().toString()))
                .toList();
        return JSON.writeValueAsString(views);
    }

    /** The first thing that failed, for the one-line error of a failed composition. */
    static String firstFailure(ReportView report) {
        for (ReportView.CheckView c : report.checks()) {
            if (!c.passed()) {
                return "check " + c.name() + " failed: " + c.detail();
            }
        }
        for (ReportView.CallView c : report.smokeRun().calls()) {
            if (c.error() != null) {
                return "smoke call " + c.call() + " failed: " + c.error();
            }
        }
        return "the composition failed";
    }

    /** The token behind a job, as recorded when it was submitted. */
    public record CallerView(String tokenId, List<String> scopes, List<String> patterns) {
        static CallerView of(Caller caller) {
            return new CallerView(
                    caller.tokenId(),
                    caller.scopes().stream().map(Scope::text).sorted().toList(),
                    caller.patterns());
        }
    }

    static Caller callerOf(String json) {
        CallerView view = JSON.readValue(json, CallerView.class);
        return new Caller(
                view.tokenId(),
                view.scopes().stream()
                        .map(text -> Scope.fromText(text).orElseThrow())
                        .collect(java.util.stream.Collectors.toSet()),
                view.patterns());
    }
}
