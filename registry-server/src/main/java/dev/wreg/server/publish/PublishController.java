package dev.wreg.server.publish;

import dev.wreg.protocol.api.PackageStateView;
import dev.wreg.protocol.api.PublishResponse;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.TokenService;
import dev.wreg.server.log.Sequencer;
import dev.wreg.server.packages.ReleaseCapabilities;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "packages")
public class PublishController {

    private final PublishService publish;
    private final TokenService tokens;
    private final Sequencer sequencer;
    private final ReleaseCapabilities capabilities;

    public PublishController(
            PublishService publish, TokenService tokens, Sequencer sequencer, ReleaseCapabilities capabilities) {
        this.publish = publish;
        this.tokens = tokens;
        this.sequencer = sequencer;
        this.capabilities = capabilities;
    }

    /**
     * The body is read as raw bytes, not mapped: the envelope is stored exactly as submitted, and
     * the request filter has already bounded its size.
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
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                    String authorization,
            @PathVariable String pkg,
            HttpServletRequest request)
            throws IOException {
        Caller caller = tokens.authenticate(authorization);
        PackageName name = PackageName.parse(pkg);
        byte[] body = request.getInputStream().readAllBytes();
        PublishService.Accepted accepted = publish.submit(name, body, caller);
        // Publishing is synchronous: answer only once the record is under a signed checkpoint.
        Sequencer.Inclusion inclusion = sequencer.awaitInclusion(accepted.recordId());
        return ResponseEntity.status(accepted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new PublishResponse(
                        accepted.recordId(),
                        accepted.index(),
                        PackageStateView.of(accepted.state(), capabilities.of(name)),
                        inclusion.index(),
                        inclusion.checkpointText(),
                        inclusion.proofText()));
    }
}
