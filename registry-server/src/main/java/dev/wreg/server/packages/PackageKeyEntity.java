package dev.wreg.server.packages;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A key's current permissions on a package (a projection of init/grant/revoke records). */
@Entity
@Table(name = "package_keys")
public class PackageKeyEntity {

    @Embeddable
    public record Id(
            @Column(name = "package_id") long packageId,
            @Column(name = "key_id") String keyId) implements Serializable {}

    @EmbeddedId
    private Id id;

    @Column(nullable = false)
    private String permissions;

    protected PackageKeyEntity() {}

    public PackageKeyEntity(Id id, String permissions) {
        this.id = id;
        this.permissions = permissions;
    }

    public Id id() {
        return id;
    }

    public void permissions(String permissions) {
        this.permissions = permissions;
    }
}
