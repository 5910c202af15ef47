package dev.wreg.server.packages;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PackageRecordRepository extends JpaRepository<PackageRecordEntity, Long> {

    Optional<PackageRecordEntity> findByRecordId(String recordId);

    List<PackageRecordEntity> findByPackageIdOrderByRecordIndexAsc(long packageId);

    List<PackageRecordEntity> findByPackageIdAndRecordIndexGreaterThanEqualOrderByRecordIndexAsc(
            long packageId, long from, Limit limit);
}
