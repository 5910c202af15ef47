package dev.wreg.server.packages;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ReleaseRepository extends JpaRepository<ReleaseEntity, Long> {

    List<ReleaseEntity> findByPackageId(long packageId);

    /** Sets one release's yank and deprecation status (a record changed it). */
    @Modifying
    @Query("update ReleaseEntity r set r.yanked = :yanked, r.yankReason = :yankReason, r.deprecated = :deprecated"
            + " where r.packageId = :packageId and r.version = :version")
    int updateStatus(
            @Param("packageId") long packageId,
            @Param("version") String version,
            @Param("yanked") boolean yanked,
            @Param("yankReason") String yankReason,
            @Param("deprecated") String deprecated);
}
