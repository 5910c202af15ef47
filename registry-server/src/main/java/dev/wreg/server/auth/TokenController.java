package dev.wreg.server.auth;

import dev.wreg.protocol.api.TokenRequest;
import dev.wreg.protocol.api.TokenResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Issues and revokes API tokens; both need an {@code admin} token. */
@RestController
@Tag(name = "tokens")
public class TokenController {

    private final TokenService tokens;

    public TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(summary = "Issue a token (admin)")
    @PostMapping(
            path = "/v1/tokens",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public TokenResponse issue(@Parameter(hidden = true) Caller caller, @RequestBody TokenRequest request) {
        caller.require(Scope.ADMIN);
        TokenService.IssuedToken issued =
                tokens.issue(request.scopes(), request.packages(), request.expiresAt(), request.description());
        return new TokenResponse(issued.id(), issued.token());
    }

    @Operation(summary = "Revoke a token (admin)")
    @DeleteMapping("/v1/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
        caller.require(Scope.ADMIN);
        tokens.revoke(id);
    }
}
