package dev.wreg.server.operator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One operator record, its envelope kept byte for byte as signed. */
@Entity
@Table(name = "operator_records")
public class OperatorRecordEntity {

    @Id
    @Column(name = "log_index")
    private long logIndex;

    @Column(name = "record_id", nullable = false, unique = true)
    private String recordId;

    @Column(nullable = false)
    private byte[] envelope;

    @Column(nullable = false)
    private byte[] payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected OperatorRecordEntity() {}

    public OperatorRecordEntity(long logIndex, String recordId, byte[] envelope, byte[] payload, Instant createdAt) {
        this.logIndex = logIndex;
        this.recordId = recordId;
        this.envelope = envelope;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    public long logIndex() {
        return logIndex;
    }

    public String recordId() {
        return recordId;
    }

    public byte[] envelope() {
        return envelope;
    }
}
