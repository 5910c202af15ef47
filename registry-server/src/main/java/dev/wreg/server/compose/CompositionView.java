package dev.wreg.server.compose;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A composition job as the API shows it. {@code report} is the composer's report (wiring, checks,
 * smoke run, WIT); {@code result} is set only when the composition succeeded; {@code error} only
 * when it failed (then nothing but this view was stored).
 */
public record CompositionView(
        String id,

        @Schema(allowableValues = {"queued", "running", "succeeded", "failed"})
        String status,

        Instant createdAt,
        Instant finishedAt,
        Result result,

        @JsonRawValue
        @Schema(type = "array", description = "inputs as resolved: role, requested, package, version, content")
        String inputs,

        @JsonRawValue @Schema(type = "object", description = "the composition report")
        String report,

        Error error,

        @JsonRawValue @Schema(type = "object", description = "the release the registry's composer key published")
        String published) {

    /** The composed component: fetch it from {@code GET /v1/blobs/{digest}}. */
    public record Result(String digest, long size) {}

    /** Why the composition failed, with the status and code its POST answered. */
    public record Error(int status, String code, String detail) {}

    static CompositionView of(CompositionJobs.Job job) {
        return new CompositionView(
                job.id().toString(),
                job.status().text(),
                job.createdAt(),
                job.finishedAt(),
                job.resultDigest() == null ? null : new Result(job.resultDigest(), job.resultSize()),
                job.inputs(),
                job.report(),
                job.errorCode() == null ? null : new Error(job.errorStatus(), job.errorCode(), job.errorDetail()),
                job.published());
    }
}
