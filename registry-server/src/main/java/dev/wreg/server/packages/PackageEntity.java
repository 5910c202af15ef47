package dev.wreg.server.packages;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A package's row: its name and the head of its log (a projection of its records). */
@Entity
@Table(name = "packages")
public class PackageEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(name = "canonical_name", nullable = false, unique = true)
    private String canonicalName;

    @Column(nullable = false)
    private String namespace;

    private String head;

    @Column(name = "record_count", nullable = false)
    private long recordCount;

    private String latest;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PackageEntity() {}

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String head() {
        return head;
    }

    public long recordCount() {
        return recordCount;
    }

    public String latest() {
        return latest;
    }

    public void advance(String head, long recordCount, String latest, Instant at) {
        this.head = head;
        this.recordCount = recordCount;
        this.latest = latest;
        this.updatedAt = at;
    }
}
