package dev.wreg.server.auth;

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

    public TokenEntity(
            String id,
            String tokenHash,
            String scopes,
            String patterns,
            String description,
            Instant expiresAt,
            Instant createdAt) {
        this.id = id;
        this.tokenHash = tokenHash;
        this.scopes = scopes;
        this.patterns = patterns;
        this.description = description;
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
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

    public void createdBy(String tokenId) {
        this.createdBy = tokenId;
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
