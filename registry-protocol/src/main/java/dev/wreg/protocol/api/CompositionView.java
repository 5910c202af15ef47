package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A composition job as {@code POST /v1/compositions} and {@code GET /v1/compositions/{id}} answer
 * it. {@code report} is the composer's report (wiring, checks, smoke run, WIT); {@code result} is
 * set only when the composition succeeded; {@code error} only when it failed (then nothing but
 * this view was stored); {@code published} only when the registry's composer key published it.
 */
public record CompositionView(
        String id,

        @Schema(allowableValues = {"queued", "running", "succeeded", "failed"})
        String status,

        Instant createdAt,
        Instant finishedAt,
        Result result,

        @Schema(type = "array", description = "inputs as resolved: role, requested, package, version, content")
        List<InputView> inputs,

        @Schema(type = "object", description = "the composition report")
        ReportView report,

        Error error,

        @Schema(type = "object", description = "the release the registry's composer key published")
        PublishedView published) {

    /** The composed component: fetch it from {@code GET /v1/blobs/{digest}}. */
    public record Result(String digest, long size) {}

    /** Why the composition failed, with the status and code its POST answered. */
    public record Error(int status, String code, String detail) {}

    /**
     * An input as resolved: its role ({@code socket}, {@code plug}, {@code dependency}), what was
     * asked for, the release it became ({@code null} for a blob digest) and its content digest.
     */
    public record InputView(
            String role,
            String requested,
            @JsonProperty("package") String pkg,
            String version,
            String content) {}

    /** The release the registry's composer key signed for the result, and its log index. */
    public record PublishedView(String pkg, String version, String recordId, long logIndex) {}
}
