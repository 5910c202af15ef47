package dev.wreg.server.namespaces;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A claimed namespace: a projection of the operator record that binds it to its owner keys. */
@Entity
@Table(name = "namespaces")
public class NamespaceEntity {

    @Id
    private String name;

    @Column(name = "canonical_name", nullable = false, unique = true)
    private String canonicalName;

    /** JSON array of owner key texts. */
    @Column(nullable = false)
    private String owners;

    @Column(name = "record_id", nullable = false)
    private String recordId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected NamespaceEntity() {}

    public NamespaceEntity(String name, String canonicalName, String owners, String recordId, Instant createdAt) {
        this.name = name;
        this.canonicalName = canonicalName;
        this.owners = owners;
        this.recordId = recordId;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    public java.time.Instant createdAt() {
        return createdAt;
    }

    public String recordId() {
        return recordId;
    }
}
