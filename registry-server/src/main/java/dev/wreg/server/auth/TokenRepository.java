package dev.wreg.server.auth;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TokenRepository extends JpaRepository<TokenEntity, String> {

    Optional<TokenEntity> findByTokenHash(String tokenHash);

    java.util.List<TokenEntity> findByCreatedByOrderByCreatedAtDesc(String createdBy);
}
