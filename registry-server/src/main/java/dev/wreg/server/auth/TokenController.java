package dev.wreg.server.auth;

import dev.wreg.protocol.api.TokenListView;
import dev.wreg.protocol.api.TokenRequest;
import dev.wreg.protocol.api.TokenResponse;
import dev.wreg.protocol.api.TokenView;
import dev.wreg.server.refusal.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * API tokens: issuing needs an {@code admin} token; any token may see itself ({@code whoami}), list
 * the tokens it created and revoke them (an admin token may revoke any).
 */
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
        // Recorded as the caller's, so that it can list and revoke what it issued.
        TokenService.IssuedToken issued = tokens.issue(
                request.scopes(), request.packages(), request.expiresAt(), request.description(), caller.tokenId());
        return new TokenResponse(issued.id(), issued.token());
    }

    @Operation(summary = "The tokens the caller's token created, newest first")
    @GetMapping(path = "/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    public TokenListView list(@Parameter(hidden = true) Caller caller) {
        return new TokenListView(tokens.createdBy(caller.tokenId()).stream()
                .map(TokenController::view)
                .toList());
    }

    @Operation(summary = "The caller's own token: its id, scopes and package patterns (never its secret)")
    @GetMapping(path = "/v1/whoami", produces = MediaType.APPLICATION_JSON_VALUE)
    public TokenView whoami(@Parameter(hidden = true) Caller caller) {
        return tokens.find(caller.tokenId())
                .map(TokenController::view)
                .orElseThrow(() -> Refusal.unauthenticated("unknown token"));
    }

    @Operation(summary = "Revoke a token the caller created (an admin token: any token)")
    @DeleteMapping("/v1/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
        if (caller.has(Scope.ADMIN)) {
            tokens.revoke(id);
        } else {
            tokens.revokeCreatedBy(caller.tokenId(), id);
        }
    }

    private static TokenView view(TokenService.TokenInfo info) {
        return new TokenView(
                info.id(),
                info.description(),
                info.scopes(),
                info.patterns(),
                info.createdAt(),
                info.expiresAt(),
                info.revokedAt());
    }
}
