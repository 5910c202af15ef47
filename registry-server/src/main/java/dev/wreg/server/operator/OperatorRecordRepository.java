package dev.wreg.server.operator;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OperatorRecordRepository extends JpaRepository<OperatorRecordEntity, Long> {

    List<OperatorRecordEntity> findByLogIndexGreaterThanEqualOrderByLogIndexAsc(long from, Limit limit);
}
