package dev.wreg.server.web;

import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.auth.TokenService;
import dev.wreg.server.refusal.Refusal;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Who is looking at a page, and the cookies that say so. A signed-in visitor holds the session
 * cookie; an anonymous one that is about to post a form (signing in) holds a random CSRF cookie
 * whose value the form must repeat. Both cookies are HttpOnly and SameSite=Strict (and Secure
 * when the request came over TLS), so no script reads them and no other site sends them.
 */
@Component
public class WebVisitors {

    static final String SESSION_COOKIE = "wreg_session";
    static final String CSRF_COOKIE = "wreg_csrf";
    static final String CSRF_FIELD = "_csrf";
    private static final String ATTRIBUTE = WebVisitors.class.getName();

    /**
     * A visitor. {@code caller} and {@code tokenDescription} are null when anonymous; {@code csrf}
     * is what the visitor's forms carry (null for an anonymous visitor without a CSRF cookie yet).
     */
    public record Visitor(Caller caller, String tokenDescription, String csrf) {

        public boolean signedIn() {
            return caller != null;
        }

        public boolean admin() {
            return caller != null && caller.has(Scope.ADMIN);
        }
    }

    private final WebSessions sessions;
    private final TokenService tokens;
    private final WebProperties properties;

    public WebVisitors(WebSessions sessions, TokenService tokens, WebProperties properties) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.properties = properties;
    }

    /** The visitor of this request (looked up once per request). */
    public Visitor current(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Visitor visitor) {
            return visitor;
        }
        Visitor visitor = lookUp(request);
        request.setAttribute(ATTRIBUTE, visitor);
        return visitor;
    }

    private Visitor lookUp(HttpServletRequest request) {
        Optional<WebSessions.Session> session = cookie(request, SESSION_COOKIE).flatMap(sessions::find);
        if (session.isPresent()) {
            try {
                Caller caller = tokens.authenticateById(session.get().tokenId());
                String description = tokens.find(caller.tokenId())
                        .map(TokenService.TokenInfo::description)
                        .orElse(null);
                return new Visitor(caller, description, session.get().csrf());
            } catch (Refusal revokedOrExpired) {
                // The token behind the session no longer counts: the visitor is anonymous again.
            }
        }
        return new Visitor(
                null,
                null,
                cookie(request, CSRF_COOKIE).filter(WebSessions::isWellFormed).orElse(null));
    }

    /** Makes sure an anonymous visitor has a CSRF cookie, and returns the value its forms carry. */
    public String ensureCsrf(HttpServletRequest request, HttpServletResponse response) {
        Visitor visitor = current(request);
        if (visitor.csrf() != null) {
            return visitor.csrf();
        }
        String value = sessions.randomToken();
        setCookie(request, response, CSRF_COOKIE, value, properties.sessionTtl());
        request.setAttribute(ATTRIBUTE, new Visitor(null, null, value));
        return value;
    }

    /** Whether a posted form's CSRF field is this visitor's (compared in constant time). */
    public boolean csrfMatches(HttpServletRequest request, String submitted) {
        String expected = current(request).csrf();
        return expected != null
                && submitted != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }

    public void signIn(HttpServletRequest request, HttpServletResponse response, Caller caller) {
        WebSessions.Started started = sessions.start(caller.tokenId());
        setCookie(request, response, SESSION_COOKIE, started.cookieValue(), properties.sessionTtl());
        setCookie(request, response, CSRF_COOKIE, "", Duration.ZERO);
        request.setAttribute(
                ATTRIBUTE, new Visitor(caller, null, started.session().csrf()));
    }

    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        cookie(request, SESSION_COOKIE).ifPresent(sessions::end);
        setCookie(request, response, SESSION_COOKIE, "", Duration.ZERO);
        request.setAttribute(ATTRIBUTE, new Visitor(null, null, null));
    }

    private static void setCookie(
            HttpServletRequest request, HttpServletResponse response, String name, String value, Duration maxAge) {
        ResponseCookie cookie = ResponseCookie.from(name, value)
                .httpOnly(true)
                .sameSite("Strict")
                .secure(request.isSecure())
                .path("/")
                .maxAge(maxAge)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    private static Optional<String> cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name) && !cookie.getValue().isEmpty()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}
