package dev.wreg.server.packages;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ReleaseRepository extends JpaRepository<ReleaseEntity, Long> {

    List<ReleaseEntity> findByPackageId(long packageId);
}
