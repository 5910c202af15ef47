package dev.wreg.server.web;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.server.api.ProblemResponses;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.auth.TokenService;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.webui.view.SignInPage;
import dev.wreg.webui.view.Timestamp;
import dev.wreg.webui.view.TokensPage;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in with an API token, signing out, and the tokens page: the signed-in token and the
 * tokens it created, with create (the new token shown once) and revoke.
 */
@Controller
@Hidden // pages, not part of the REST API
public class AccountPages {

    private final WebVisitors visitors;
    private final TokenService tokens;
    private final HtmlResponses html;

    public AccountPages(WebVisitors visitors, TokenService tokens, HtmlResponses html) {
        this.visitors = visitors;
        this.tokens = tokens;
        this.html = html;
    }

    @GetMapping("/signin")
    ResponseEntity<String> signInForm(
            @RequestParam(required = false) String next, HttpServletRequest request, HttpServletResponse response) {
        visitors.ensureCsrf(request, response);
        return html.ok(new SignInPage(html.layout(request, "Sign in"), null, localPath(next)));
    }

    @PostMapping("/signin")
    ResponseEntity<String> signIn(
            @RequestParam(defaultValue = "") String token,
            @RequestParam(required = false) String next,
            HttpServletRequest request,
            HttpServletResponse response) {
        Caller caller;
        try {
            caller = tokens.authenticate("Bearer " + token.strip());
        } catch (Refusal refused) {
            visitors.ensureCsrf(request, response);
            return html.status(
                    HttpStatus.UNAUTHORIZED,
                    new SignInPage(
                            html.layout(request, "Sign in"),
                            "That token was not accepted: " + refused.detail(),
                            localPath(next)));
        }
        visitors.signIn(request, response, caller);
        return seeOther(localPath(next));
    }

    @PostMapping("/signout")
    ResponseEntity<String> signOut(HttpServletRequest request, HttpServletResponse response) {
        visitors.signOut(request, response);
        return seeOther("/");
    }

    @GetMapping("/tokens")
    ResponseEntity<String> tokensPage(HttpServletRequest request) {
        WebVisitors.Visitor visitor = visitors.current(request);
        if (!visitor.signedIn()) {
            return seeOther("/signin?next=/tokens");
        }
        return html.ok(tokensPage(request, visitor, null, null, null));
    }

    @PostMapping("/tokens")
    ResponseEntity<String> create(
            @RequestParam(required = false) List<String> scopes,
            @RequestParam(defaultValue = "") String packages,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(defaultValue = "") String expires,
            HttpServletRequest request) {
        WebVisitors.Visitor visitor = visitors.current(request);
        if (!visitor.signedIn()) {
            return seeOther("/signin?next=/tokens");
        }
        try {
            visitor.caller().require(Scope.ADMIN);
            Instant expiresAt = expires.isBlank()
                    ? null
                    : LocalDate.parse(expires.strip())
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant();
            List<String> patterns =
                    packages.isBlank() ? null : Arrays.asList(packages.strip().split("[\\s,]+"));
            TokenService.IssuedToken issued = tokens.issue(
                    scopes == null ? List.of() : scopes,
                    patterns,
                    expiresAt,
                    description.isBlank() ? null : description.strip(),
                    visitor.caller().tokenId());
            return html.status(
                    HttpStatus.CREATED,
                    tokensPage(request, visitor, new TokensPage.NewToken(issued.id(), issued.token()), null, null));
        } catch (Refusal | ProtocolException refused) {
            return html.status(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    tokensPage(request, visitor, null, "No token was created: " + refused.getMessage(), null));
        } catch (DateTimeParseException e) {
            return html.status(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    tokensPage(request, visitor, null, "No token was created: the expiry is not a date", null));
        }
    }

    @PostMapping("/tokens/{id}/revoke")
    ResponseEntity<String> revoke(@PathVariable String id, HttpServletRequest request) {
        WebVisitors.Visitor visitor = visitors.current(request);
        if (!visitor.signedIn()) {
            return seeOther("/signin?next=/tokens");
        }
        try {
            tokens.revokeCreatedBy(visitor.caller().tokenId(), id);
        } catch (Refusal refused) {
            return html.status(
                    ProblemResponses.statusOf(refused.kind()),
                    tokensPage(request, visitor, null, refused.detail(), null));
        }
        return html.ok(tokensPage(request, visitor, null, null, "Token " + id + " is revoked."));
    }

    private TokensPage tokensPage(
            HttpServletRequest request,
            WebVisitors.Visitor visitor,
            TokensPage.NewToken created,
            String error,
            String message) {
        String own = visitor.caller().tokenId();
        TokensPage.TokenRow current = tokens.find(own)
                .map(AccountPages::row)
                .orElseThrow(() -> new IllegalStateException("the session's token " + own + " vanished"));
        return new TokensPage(
                html.layout(request, "API tokens"),
                current,
                tokens.createdBy(own).stream().map(AccountPages::row).toList(),
                created,
                visitor.admin(),
                error,
                message);
    }

    private static TokensPage.TokenRow row(TokenService.TokenInfo token) {
        return new TokensPage.TokenRow(
                token.id(),
                token.description(),
                token.scopes(),
                token.patterns(),
                Timestamp.of(token.createdAt()),
                Timestamp.of(token.expiresAt()),
                Timestamp.of(token.revokedAt()));
    }

    /** Only a path on this site: an absolute or protocol-relative URL would make an open redirect. */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/";
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null ? next : "/";
        } catch (java.net.URISyntaxException e) {
            return "/";
        }
    }

    static ResponseEntity<String> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create(location))
                .build();
    }
}
