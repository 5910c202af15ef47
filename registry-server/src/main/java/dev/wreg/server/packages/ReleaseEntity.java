package dev.wreg.server.packages;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A release as the package log currently says (a projection, rebuilt on every accepted record). */
@Entity
@Table(name = "releases")
public class ReleaseEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "package_id", nullable = false)
    private long packageId;

    @Column(nullable = false)
    private String version;

    @Column(name = "content_digest", nullable = false)
    private String contentDigest;

    @Column(nullable = false)
    private long size;

    @Column(name = "record_id", nullable = false)
    private String recordId;

    @Column(name = "released_at", nullable = false)
    private Instant releasedAt;

    @Column(nullable = false)
    private boolean yanked;

    @Column(name = "yank_reason")
    private String yankReason;

    private String deprecated;

    /** The WASI interfaces the component imports, space-separated; null when never summarised. */
    private String capabilities;

    protected ReleaseEntity() {}

    public ReleaseEntity(
            long packageId, String version, String contentDigest, long size, String recordId, Instant releasedAt) {
        this.packageId = packageId;
        this.version = version;
        this.contentDigest = contentDigest;
        this.size = size;
        this.recordId = recordId;
        this.releasedAt = releasedAt;
    }

    public String version() {
        return version;
    }

    /** Null for releases accepted before the summary existed. */
    public java.util.List<String> capabilities() {
        return capabilities == null ? null : capabilityList(capabilities);
    }

    /** The interfaces of a stored {@code capabilities} column (space-separated, possibly empty). */
    static java.util.List<String> capabilityList(String column) {
        return column.isEmpty() ? java.util.List.of() : java.util.List.of(column.split(" "));
    }

    public void capabilities(java.util.List<String> interfaces) {
        this.capabilities = interfaces == null ? null : String.join(" ", interfaces);
    }

    public void status(boolean yanked, String yankReason, String deprecated) {
        this.yanked = yanked;
        this.yankReason = yankReason;
        this.deprecated = deprecated;
    }
}
