package dev.wreg.server.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Sign-in sessions of the web pages, in PostgreSQL so that any replica can serve any request. The
 * browser holds a random 256-bit session ID; the table holds its SHA-256 only. Each session has
 * its own CSRF token, which every form it posts must carry.
 */
@Repository
public class WebSessions {

    /** A live session: the token it signed in with and its CSRF token. */
    public record Session(String tokenId, String csrf) {}

    /** A session just started: the cookie value to hand the browser, and the session. */
    public record Started(String cookieValue, Session session) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final WebProperties properties;
    private final SecureRandom random = new SecureRandom();

    public WebSessions(JdbcTemplate jdbc, Clock clock, WebProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    public Started start(String tokenId) {
        Instant now = clock.instant();
        // Expired sessions go when new ones come, so the table never grows without bound.
        jdbc.update("DELETE FROM web_sessions WHERE expires_at <= ?", Timestamp.from(now));
        String id = randomToken();
        Session session = new Session(tokenId, randomToken());
        jdbc.update(
                "INSERT INTO web_sessions (id_hash, token_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                hash(id),
                tokenId,
                session.csrf(),
                Timestamp.from(now),
                Timestamp.from(now.plus(properties.sessionTtl())));
        return new Started(id, session);
    }

    public Optional<Session> find(String cookieValue) {
        if (!isWellFormed(cookieValue)) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        "SELECT token_id, csrf_token FROM web_sessions WHERE id_hash = ? AND expires_at > ?",
                        (rs, n) -> new Session(rs.getString(1), rs.getString(2)),
                        hash(cookieValue),
                        Timestamp.from(clock.instant()))
                .stream()
                .findFirst();
    }

    public void end(String cookieValue) {
        if (isWellFormed(cookieValue)) {
            jdbc.update("DELETE FROM web_sessions WHERE id_hash = ?", hash(cookieValue));
        }
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isWellFormed(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(WebSessions::isBase64Url);
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    static String hash(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
