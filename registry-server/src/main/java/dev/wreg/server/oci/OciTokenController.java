package dev.wreg.server.oci;

import dev.wreg.protocol.internal.StrictJson;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.config.PublicUrl;
import dev.wreg.server.oci.OciAuthentication.Principal;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The token endpoint ({@code realm} of the Bearer challenge), as Docker's token protocol defines
 * it: {@code GET /oci/token?service=…&scope=repository:ns/name:pull,push}. Without credentials it
 * grants {@code pull}; with a wreg API token as the Basic password (or as a bearer token) it also
 * grants {@code push} on the repositories that token may publish to. Scopes it cannot grant are left
 * out, as the protocol says, rather than refused.
 */
@Hidden
@RestController
public class OciTokenController {

    public static final String PATH = "/oci/token";

    private final OciAuthentication authentication;
    private final OciTokens tokens;
    private final OciRepositories repositories;
    private final PublicUrl publicUrl;

    public OciTokenController(
            OciAuthentication authentication, OciTokens tokens, OciRepositories repositories, PublicUrl publicUrl) {
        this.authentication = authentication;
        this.tokens = tokens;
        this.repositories = repositories;
        this.publicUrl = publicUrl;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> token(HttpServletRequest request) {
        // Not @RequestParam List<String>: Spring would split "pull,push" at the comma.
        String[] scopes = request.getParameterValues("scope");
        Principal principal = authentication.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        Caller caller = switch (principal) {
            case Principal.ApiToken t -> t.caller();
            case Principal.Anonymous a -> null;
            case Principal.Bearer b ->
                throw new OciException(
                        OciError.UNAUTHORIZED, "send a wreg API token (as the Basic password), not an OCI token");
        };
        List<OciTokens.Access> granted = new ArrayList<>();
        for (String scope : scopes == null ? new String[0] : scopes) {
            for (String one : scope.trim().split(" +")) {
                grant(one, caller).ifPresent(granted::add);
            }
        }
        OciTokens.Issued issued =
                tokens.issue(caller == null ? null : caller.tokenId(), granted, publicUrl.authority(request));
        ObjectNode body = StrictJson.newObject();
        body.put("token", issued.token());
        body.put("access_token", issued.token());
        body.put("expires_in", issued.expiresIn());
        body.put("issued_at", issued.issuedAt().toString());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(StrictJson.write(body));
    }

    /** What one {@code repository:<name>:<actions>} scope may have; nothing for other scopes. */
    private java.util.Optional<OciTokens.Access> grant(String scope, Caller caller) {
        String[] parts = scope.split(":");
        if (parts.length != 3 || !parts[0].equals("repository")) {
            return java.util.Optional.empty();
        }
        PackageName pkg;
        try {
            pkg = repositories.packageOf(parts[1]);
        } catch (OciException e) {
            return java.util.Optional.empty();
        }
        List<String> actions = new ArrayList<>();
        for (String action : parts[2].split(",")) {
            if (action.equals("pull") && !actions.contains("pull")) {
                actions.add("pull");
            } else if (action.equals("push")
                    && caller != null
                    && OciAuthentication.mayPublish(caller, pkg)
                    && !actions.contains("push")) {
                actions.add("push");
            }
        }
        return actions.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(new OciTokens.Access(parts[1], actions));
    }
}
