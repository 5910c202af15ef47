package dev.wreg.server.auth;

import dev.wreg.server.auth.TokenService.TokenInfo;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A token row: only the SHA-256 of the token text is kept, never the token. */
@Entity
@Table(name = "tokens")
public class TokenEntity {

    @Id
    private String id;

    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    @Column(nullable = false)
    private String scopes;

    private String patterns;

    private String description;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The token that created this one; null for the bootstrap token and older tokens. */
    @Column(name = "created_by")
    private String createdBy;

    protected TokenEntity() {}

    /**
     * A new row for {@code token}, keeping only the hash of its text. Scopes and patterns are kept
     * as space-separated words, a token without patterns as none.
     */
    public TokenEntity(TokenInfo token, String tokenHash) {
        this.id = token.id();
        this.tokenHash = tokenHash;
        this.scopes = String.join(" ", token.scopes());
        this.patterns = token.patterns().isEmpty() ? null : String.join(" ", token.patterns());
        this.description = token.description();
        this.expiresAt = token.expiresAt();
        this.revokedAt = token.revokedAt();
        this.createdAt = token.createdAt();
        this.createdBy = token.createdBy();
    }

    public String id() {
        return id;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public String scopes() {
        return scopes;
    }

    public String patterns() {
        return patterns;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public void revoke(Instant at) {
        this.revokedAt = at;
    }

    public void replaceHash(String tokenHash) {
        this.tokenHash = tokenHash;
        this.revokedAt = null;
    }
}
