package dev.wreg.server.publish;

import dev.wreg.protocol.api.PackageStateView;
import dev.wreg.protocol.api.PublishResponse;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.log.Sequencer;
import dev.wreg.server.overload.InFlightLimit;
import dev.wreg.server.overload.OverloadLimits;
import dev.wreg.server.packages.ReleaseCapabilities;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "packages")
public class PublishController {

    private final PublishService publish;
    private final ReleaseCapabilities capabilities;
    private final InFlightLimit publishes;

    public PublishController(PublishService publish, ReleaseCapabilities capabilities, OverloadLimits limits) {
        this.publish = publish;
        this.capabilities = capabilities;
        this.publishes = limits.publishes();
    }

    /**
     * The body is read as raw bytes, not mapped: the envelope is stored exactly as submitted, and
     * the request filter has already bounded its size. A publish is admitted first: past the bound
     * of publishes in flight (each waits for a group commit) it is refused 503 {@code overloaded}
     * before its envelope is read, so a backlog of commits cannot grow without end.
     */
    @Operation(
            summary = "Submit a signed package record (DSSE envelope)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(type = "object", description = "DSSE envelope"))))
    @PostMapping(
            path = "/v1/packages/{pkg}/records",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<PublishResponse> submit(
            @Parameter(hidden = true) Caller caller, @PathVariable String pkg, HttpServletRequest request)
            throws IOException {
        PackageName name = PackageName.parse(pkg);
        PublishService.Published published;
        try (InFlightLimit.Permit admitted = publishes.enter()) {
            byte[] body = request.getInputStream().readAllBytes();
            // Publishing is synchronous: answer only once the record is under a signed checkpoint.
            published = publish.publish(name, body, caller);
        }
        PublishService.Accepted accepted = published.accepted();
        Sequencer.Inclusion inclusion = published.inclusion();
        return ResponseEntity.status(accepted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new PublishResponse(
                        accepted.recordId(),
                        accepted.index(),
                        PackageStateView.of(
                                accepted.state(),
                                AfterCommit.read(accepted.recordId(), () -> capabilities.of(accepted.state()))),
                        inclusion.index(),
                        inclusion.checkpointText(),
                        inclusion.proofText()));
    }
}
