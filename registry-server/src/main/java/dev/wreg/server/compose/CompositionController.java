package dev.wreg.server.compose;

import dev.wreg.protocol.api.ComposerKeyView;
import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.api.CompositionView;
import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ReportView;
import dev.wreg.server.api.ProblemResponses;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.keys.ComposerKey;
import dev.wreg.server.refusal.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "compositions")
public class CompositionController {

    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final JsonMapper STORED = CompositionRunner.JSON;
    private static final TypeReference<List<CompositionView.InputView>> INPUTS = new TypeReference<>() {};

    private final CompositionService compositions;
    private final ComposerKey composerKey;

    public CompositionController(CompositionService compositions, ComposerKey composerKey) {
        this.compositions = compositions;
        this.composerKey = composerKey;
    }

    /**
     * 201 with the composition when it finished within the server's wait, 202 with a
     * {@code Location} to poll otherwise. A refused or failed composition answers problem+json
     * (its {@code Location} names the failed report, the only thing stored).
     */
    @Operation(summary = "Compose components from the registry (socket + plugs) and optionally publish the result")
    @PostMapping(
            path = "/v1/compositions",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> compose(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "respond-async: answer 202 at once instead of waiting for the result")
                    @RequestHeader(value = "Prefer", required = false)
                    String prefer,
            @RequestBody CompositionRequest request) {
        boolean respondAsync =
                prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async");
        CompositionService.Submitted submitted = compositions.submit(request, caller, respondAsync);
        URI location = URI.create("/v1/compositions/" + submitted.id());
        if (submitted.finished().isEmpty()) {
            CompositionJobs.Job job = compositions.find(submitted.id()).orElseThrow();
            ResponseEntity.BodyBuilder accepted = ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(location)
                    .header(HttpHeaders.RETRY_AFTER, "1");
            if (respondAsync) {
                accepted.header("Preference-Applied", "respond-async");
            }
            return accepted.body(view(job));
        }
        CompositionJobs.Job job = submitted.finished().get();
        if (job.status() == CompositionJobs.Status.FAILED) {
            int status = ProblemResponses.statusOf(job.errorKind()).value();
            return ResponseEntity.status(status)
                    .location(location)
                    .contentType(PROBLEM_JSON)
                    .body(Problem.of(status, job.errorCode(), job.errorDetail()));
        }
        return ResponseEntity.created(location).body(view(job));
    }

    @Operation(summary = "A composition: its status, report, result digest or the reason it failed")
    @GetMapping(path = "/v1/compositions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public CompositionView get(@PathVariable UUID id) {
        return compositions
                .find(id)
                .map(CompositionController::view)
                .orElseThrow(() -> Refusal.notFound("no composition " + id));
    }

    /** The job as the API shows it; its JSON columns hold what the runner wrote from these very types. */
    public static CompositionView view(CompositionJobs.Job job) {
        return new CompositionView(
                job.id().toString(),
                job.status().text(),
                job.createdAt(),
                job.finishedAt(),
                job.resultDigest() == null ? null : new CompositionView.Result(job.resultDigest(), job.resultSize()),
                job.inputs() == null ? null : STORED.readValue(job.inputs(), INPUTS),
                job.report() == null ? null : STORED.readValue(job.report(), ReportView.class),
                job.errorCode() == null
                        ? null
                        : new CompositionView.Error(
                                ProblemResponses.statusOf(job.errorKind()).value(), job.errorCode(), job.errorDetail()),
                job.published() == null
                        ? null
                        : STORED.readValue(job.published(), CompositionView.PublishedView.class));
    }

    @Operation(
            summary = "The registry composer's public key: grant it release to let the registry publish compositions")
    @GetMapping(path = "/v1/composer", produces = MediaType.APPLICATION_JSON_VALUE)
    public ComposerKeyView composer() {
        return new ComposerKeyView(
                composerKey.publicKeyText().orElse(null),
                composerKey.privateKey().map(k -> k.publicKey().keyId().value()).orElse(null));
    }
}
