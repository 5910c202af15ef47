package dev.wreg.server.oci;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.auth.TokenService;
import dev.wreg.server.refusal.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Who is asking, from the {@code Authorization} header: nobody (anonymous pulls are allowed), a
 * wreg API token (as {@code Bearer wreg_…}, or as the password of {@code Basic}), or a bearer token
 * from {@code /oci/token}. Bad credentials are refused even where none are needed, so a client
 * learns that its credentials are wrong.
 */
@Component
public class OciAuthentication {

    private final TokenService tokens;
    private final OciTokens ociTokens;

    public OciAuthentication(TokenService tokens, OciTokens ociTokens) {
        this.tokens = tokens;
        this.ociTokens = ociTokens;
    }

    /** The principal of a request. */
    public sealed interface Principal {
        record Anonymous() implements Principal {}

        /** A wreg API token presented directly. */
        record ApiToken(Caller caller) implements Principal {}

        /** A bearer token from the token endpoint. */
        record Bearer(OciTokens.Claims claims) implements Principal {}
    }

    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Principal.Anonymous();
        }
        String[] parts = authorization.trim().split(" +", 2);
        if (parts.length != 2) {
            throw new OciException(OciError.UNAUTHORIZED, "the Authorization header must be 'Bearer …' or 'Basic …'");
        }
        String credential = parts[1].trim();
        if (parts[0].equalsIgnoreCase("Basic")) {
            return new Principal.ApiToken(apiToken(basicPassword(credential)));
        }
        if (!parts[0].equalsIgnoreCase("Bearer")) {
            throw new OciException(OciError.UNAUTHORIZED, "unsupported authorization scheme " + parts[0]);
        }
        if (credential.startsWith(TokenService.TOKEN_PREFIX)) {
            return new Principal.ApiToken(apiToken(credential));
        }
        if (OciTokens.looksLikeJwt(credential)) {
            return new Principal.Bearer(ociTokens
                    .verify(credential)
                    .orElseThrow(() -> new OciException(
                            OciError.UNAUTHORIZED, "the bearer token is invalid or expired; get a new one")));
        }
        throw new OciException(OciError.UNAUTHORIZED, "the bearer token is not one this registry issued");
    }

    /** A wreg API token's caller; a bad token is {@link OciError#UNAUTHORIZED}. */
    Caller apiToken(String token) {
        try {
            return tokens.authenticate("Bearer " + token);
        } catch (Refusal e) {
            throw new OciException(OciError.UNAUTHORIZED, e.detail());
        }
    }

    static String basicPassword(String credential) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OciException(OciError.UNAUTHORIZED, "Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new OciException(OciError.UNAUTHORIZED, "Basic credentials must be user:password");
        }
        return decoded.substring(colon + 1);
    }

    /**
     * The caller that may push to {@code repository} (package {@code pkg}): a token with the
     * {@code publish} scope covering the package. Anonymous is {@link OciError#UNAUTHORIZED} (the
     * client should fetch a push token), anything else lacking it {@link OciError#DENIED}.
     */
    public Caller pusher(Principal principal, String repository, PackageName pkg) {
        Caller caller = switch (principal) {
            case Principal.Anonymous a ->
                throw new OciException(OciError.UNAUTHORIZED, "pushing to " + repository + " needs a token");
            case Principal.ApiToken t -> t.caller();
            case Principal.Bearer b -> {
                if (b.claims().tokenId() == null || !b.claims().allows(repository, "push")) {
                    throw new OciException(
                            OciError.DENIED,
                            "this bearer token does not grant push on " + repository
                                    + "; ask /oci/token with a wreg token that may publish " + pkg);
                }
                yield tokens.activeCaller(b.claims().tokenId())
                        .orElseThrow(() -> new OciException(
                                OciError.UNAUTHORIZED, "the wreg token behind this bearer token is no longer valid"));
            }
        };
        try {
            caller.require(Scope.PUBLISH, pkg);
        } catch (Refusal e) {
            throw new OciException(OciError.DENIED, e.detail() + "; it may not push to " + repository);
        }
        return caller;
    }

    /** Whether the caller may publish to the package (used to decide what a token grants). */
    static boolean mayPublish(Caller caller, PackageName pkg) {
        try {
            caller.require(Scope.PUBLISH, pkg);
            return true;
        } catch (Refusal e) {
            return false;
        }
    }
}
