package dev.wreg.server.packages;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One record of a package log: the envelope exactly as submitted, and its payload. */
@Entity
@Table(name = "package_records")
public class PackageRecordEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "package_id", nullable = false)
    private long packageId;

    @Column(name = "record_index", nullable = false)
    private long recordIndex;

    @Column(name = "record_id", nullable = false, unique = true)
    private String recordId;

    @Column(nullable = false)
    private byte[] envelope;

    @Column(nullable = false)
    private byte[] payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PackageRecordEntity() {}

    public PackageRecordEntity(
            long packageId, long recordIndex, String recordId, byte[] envelope, byte[] payload, Instant createdAt) {
        this.packageId = packageId;
        this.recordIndex = recordIndex;
        this.recordId = recordId;
        this.envelope = envelope;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    public long packageId() {
        return packageId;
    }

    public long recordIndex() {
        return recordIndex;
    }

    public String recordId() {
        return recordId;
    }

    public byte[] envelope() {
        return envelope;
    }
}
