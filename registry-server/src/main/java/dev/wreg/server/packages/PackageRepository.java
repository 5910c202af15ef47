package dev.wreg.server.packages;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface PackageRepository extends JpaRepository<PackageEntity, Long> {

    Optional<PackageEntity> findByName(String name);

    Optional<PackageEntity> findByCanonicalName(String canonicalName);

    /** Locks the package row: record submissions to one package are applied one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from PackageEntity p where p.name = :name")
    Optional<PackageEntity> lockByName(@Param("name") String name);

    /**
     * Creates the row unless a package with that name or canonical name exists; a concurrent
     * creator makes this wait for its outcome instead of failing.
     */
    @Modifying
    @Query(
            value =
                    "INSERT INTO packages (name, canonical_name, namespace) VALUES (:name, :canonical, :namespace) ON CONFLICT DO NOTHING",
            nativeQuery = true)
    int insertIfAbsent(
            @Param("name") String name, @Param("canonical") String canonical, @Param("namespace") String namespace);
}
