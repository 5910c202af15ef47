package dev.wreg.server.auth;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.refusal.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: {@code wreg_} followed by 43 base62 characters (about 256 random bits). Only the
 * SHA-256 of the token text is stored, so a database leak yields no usable token.
 */
@Service
public class TokenService {

    public static final String TOKEN_PREFIX = "wreg_";
    public static final String BOOTSTRAP_TOKEN_ID = "bootstrap";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int TOKEN_RANDOM_CHARS = 43;
    private static final int MAX_TOKEN_LENGTH = 200;
    private static final int MAX_PATTERNS = 100;

    private final TokenRepository tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenService(TokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A newly issued token: its text is shown once and never stored. */
    public record IssuedToken(String id, String token) {}

    /** What is known about a token (never its text, which is not stored). */
    public record TokenInfo(
            String id,
            String description,
            List<String> scopes,
            List<String> patterns,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            String createdBy) {

        static TokenInfo of(TokenEntity entity) {
            return new TokenInfo(
                    entity.id(),
                    entity.description(),
                    splitWords(entity.scopes()),
                    splitWords(entity.patterns()),
                    entity.createdAt(),
                    entity.expiresAt(),
                    entity.revokedAt(),
                    entity.createdBy());
        }
    }

    /** Resolves the {@code Authorization} header to the caller, or refuses with 401. */
    @Transactional(readOnly = true)
    public Caller authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw Refusal.unauthenticated("this request needs a token: send 'Authorization: Bearer wreg_…'");
        }
        String[] parts = authorizationHeader.trim().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw Refusal.unauthenticated("the Authorization header must be 'Bearer wreg_…'");
        }
        String token = parts[1].trim();
        if (!token.startsWith(TOKEN_PREFIX) || token.length() > MAX_TOKEN_LENGTH) {
            throw Refusal.unauthenticated("this is not a wreg token (they start with 'wreg_')");
        }
        TokenEntity entity =
                tokens.findByTokenHash(hash(token)).orElseThrow(() -> Refusal.unauthenticated("unknown token"));
        return callerOf(entity);
    }

    /**
     * The caller behind a token the registry already knows by id (a web session's), refused with
     * 401 once the token is revoked or expired.
     */
    @Transactional(readOnly = true)
    public Caller authenticateById(String tokenId) {
        return callerOf(tokens.findById(tokenId).orElseThrow(() -> Refusal.unauthenticated("unknown token")));
    }

    private Caller callerOf(TokenEntity entity) {
        Instant now = clock.instant();
        if (entity.revokedAt() != null) {
            throw Refusal.unauthenticated("this token was revoked at " + entity.revokedAt());
        }
        if (entity.expiresAt() != null && !now.isBefore(entity.expiresAt())) {
            throw Refusal.unauthenticated("this token expired at " + entity.expiresAt());
        }
        return new Caller(entity.id(), parseScopes(entity.scopes()), splitWords(entity.patterns()));
    }

    /**
     * The caller behind a token id, while the token is neither revoked nor expired: credentials
     * handed out in exchange for a token (OCI bearer tokens) check it again on every use.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Caller> activeCaller(String tokenId) {
        Instant now = clock.instant();
        return tokens.findById(tokenId)
                .filter(entity -> entity.revokedAt() == null)
                .filter(entity -> entity.expiresAt() == null || now.isBefore(entity.expiresAt()))
                .map(entity -> new Caller(entity.id(), parseScopes(entity.scopes()), splitWords(entity.patterns())));
    }

    /** Issues a token; scopes and patterns are checked first. */
    @Transactional
    public IssuedToken issue(List<String> scopeTexts, List<String> patterns, Instant expiresAt, String description) {
        return issue(scopeTexts, patterns, expiresAt, description, null);
    }

    /** Issues a token on behalf of {@code createdBy} (a token id), who can then list and revoke it. */
    @Transactional
    public IssuedToken issue(
            List<String> scopeTexts, List<String> patterns, Instant expiresAt, String description, String createdBy) {
        Set<Scope> scopes = checkScopes(scopeTexts);
        List<String> checkedPatterns = checkPatterns(patterns);
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw Refusal.invalidRequest("expiresAt " + expiresAt + " is not in the future");
        }
        if (description != null && description.length() > 200) {
            throw Refusal.invalidRequest("description is longer than 200 characters");
        }
        String id = "tok_" + randomBase62(16);
        String token = TOKEN_PREFIX + randomBase62(TOKEN_RANDOM_CHARS);
        Instant now = clock.instant();
        List<String> scopeWords = scopes.stream().map(Scope::text).toList();
        tokens.save(new TokenEntity(
                new TokenInfo(id, description, scopeWords, checkedPatterns, now, expiresAt, null, createdBy),
                hash(token)));
        return new IssuedToken(id, token);
    }

    @Transactional(readOnly = true)
    public java.util.Optional<TokenInfo> find(String id) {
        return tokens.findById(id).map(TokenInfo::of);
    }

    /** The tokens {@code creatorId} created, newest first. */
    @Transactional(readOnly = true)
    public List<TokenInfo> createdBy(String creatorId) {
        return tokens.findByCreatedByOrderByCreatedAtDesc(creatorId).stream()
                .map(TokenInfo::of)
                .toList();
    }

    /** Revokes a token {@code creatorId} created; any other token is 404 to it, as if unknown. */
    @Transactional
    public void revokeCreatedBy(String creatorId, String id) {
        TokenEntity entity = tokens.findById(id)
                .filter(t -> creatorId.equals(t.createdBy()))
                .orElseThrow(() -> Refusal.notFound("you created no token with id " + id));
        if (entity.revokedAt() == null) {
            entity.revoke(clock.instant());
        }
    }

    /** Revokes a token; revoking twice is harmless. */
    @Transactional
    public void revoke(String id) {
        TokenEntity entity = tokens.findById(id).orElseThrow(() -> Refusal.notFound("no token with id " + id));
        if (entity.revokedAt() == null) {
            entity.revoke(clock.instant());
        }
    }

    /** Makes {@code token} the admin token with id {@value #BOOTSTRAP_TOKEN_ID}. */
    @Transactional
    public void installBootstrapToken(String token) {
        if (!isWellFormed(token)) {
            throw new IllegalArgumentException(
                    "the bootstrap token must be 'wreg_' followed by at least 20 letters or digits");
        }
        String hash = hash(token);
        tokens.findById(BOOTSTRAP_TOKEN_ID)
                .ifPresentOrElse(
                        existing -> {
                            if (!existing.tokenHash().equals(hash)) {
                                existing.replaceHash(hash);
                            }
                        },
                        () -> tokens.save(new TokenEntity(
                                new TokenInfo(
                                        BOOTSTRAP_TOKEN_ID,
                                        "bootstrap admin token",
                                        List.of(Scope.ADMIN.text()),
                                        List.of(),
                                        clock.instant(),
                                        null,
                                        null,
                                        null),
                                hash)));
    }

    public String newTokenText() {
        return TOKEN_PREFIX + randomBase62(TOKEN_RANDOM_CHARS);
    }

    static boolean isWellFormed(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        String rest = token.substring(TOKEN_PREFIX.length());
        return rest.length() >= 20 && rest.chars().allMatch(c -> BASE62.indexOf(c) >= 0);
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private String randomBase62(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return out.toString();
    }

    private static Set<Scope> checkScopes(List<String> scopeTexts) {
        if (scopeTexts == null || scopeTexts.isEmpty()) {
            throw Refusal.invalidRequest("a token needs at least one scope (publish, yank, claim, admin)");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String text : scopeTexts) {
            scopes.add(Scope.fromText(text)
                    .orElseThrow(() ->
                            Refusal.invalidRequest("unknown scope '" + text + "'; use publish, yank, claim or admin")));
        }
        return scopes;
    }

    /** Patterns are {@code ns:name} or {@code ns:*}, each part a valid label. */
    static List<String> checkPatterns(List<String> patterns) {
        if (patterns == null) {
            return List.of();
        }
        if (patterns.size() > MAX_PATTERNS) {
            throw Refusal.invalidRequest("at most " + MAX_PATTERNS + " package patterns");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String pattern : patterns) {
            if (pattern == null) {
                throw Refusal.invalidRequest("a package pattern is null");
            }
            if (pattern.endsWith(":*")) {
                String namespace = pattern.substring(0, pattern.length() - 2);
                if (!PackageName.isValidLabel(namespace)) {
                    throw new ProtocolException(
                            "invalid-name", "pattern '" + pattern + "' does not start with a valid namespace");
                }
            } else {
                PackageName.parse(pattern);
            }
            checked.add(pattern);
        }
        return new ArrayList<>(checked);
    }

    private static Set<Scope> parseScopes(String text) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String word : splitWords(text)) {
            Scope.fromText(word).ifPresent(scopes::add);
        }
        return scopes;
    }

    private static List<String> splitWords(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.asList(text.trim().split(" +"));
    }
}
