package dev.wreg.server.namespaces;

import org.springframework.data.jpa.repository.JpaRepository;

public interface NamespaceRepository extends JpaRepository<NamespaceEntity, String> {}
