package dev.wreg.server.packages;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PackageKeyRepository extends JpaRepository<PackageKeyEntity, PackageKeyEntity.Id> {

    List<PackageKeyEntity> findByIdPackageId(long packageId);
}
