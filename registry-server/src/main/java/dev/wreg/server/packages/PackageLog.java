package dev.wreg.server.packages;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.operator.OperatorLog;
import dev.wreg.server.refusal.Refusal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads package logs. A package's state is the fold of its records; it is cached per package and
 * reused while the package row's head still names the cached head, so a request replays a log only
 * after another replica (or a restart) moved it.
 */
@Service
public class PackageLog {

    static final int MAX_CACHED_PACKAGES = 10_000;

    private final PackageRepository packages;
    private final PackageRecordRepository records;
    private final OperatorLog operatorLog;
    private final Map<String, PackageState> states = new ConcurrentHashMap<>();

    public PackageLog(PackageRepository packages, PackageRecordRepository records, OperatorLog operatorLog) {
        this.packages = packages;
        this.records = records;
        this.operatorLog = operatorLog;
    }

    /** The state of a package whose row the caller has read (or locked) in its transaction. */
    public PackageState stateOf(PackageEntity row, PackageName name, OperatorState operator) {
        PackageState cached = states.get(row.name());
        if (cached != null
                && cached.recordCount() == row.recordCount()
                && Objects.equals(headText(cached.head()), row.head())) {
            return cached;
        }
        List<SignedRecord> log = records.findByPackageIdOrderByRecordIndexAsc(row.id()).stream()
                .map(record -> SignedRecord.of(Envelope.parse(record.envelope())))
                .toList();
        PackageState state = PackageState.replay(name, log, operator);
        remember(state);
        return state;
    }

    /** Caches a state once its records are committed. */
    public void remember(PackageState state) {
        if (states.size() >= MAX_CACHED_PACKAGES) {
            states.clear();
        }
        states.put(state.name().toString(), state);
    }

    @Transactional(readOnly = true)
    public PackageState state(PackageName name) {
        PackageEntity row =
                packages.findByName(name.toString()).orElseThrow(() -> Refusal.notFound("no package " + name));
        return stateOf(row, name, operatorLog.current());
    }

    @Transactional(readOnly = true)
    public List<PackageRecordEntity> records(PackageName name, long from, int limit) {
        PackageEntity row =
                packages.findByName(name.toString()).orElseThrow(() -> Refusal.notFound("no package " + name));
        return records.findByPackageIdAndRecordIndexGreaterThanEqualOrderByRecordIndexAsc(
                row.id(), from, Limit.of(limit));
    }

    /** A record of any package by its ID, as signed. */
    @Transactional(readOnly = true)
    public java.util.Optional<SignedRecord> signedRecord(String recordId) {
        return records.findByRecordId(recordId).map(row -> SignedRecord.of(Envelope.parse(row.envelope())));
    }

    public record PackageSummary(String pkg, String latest) {}

    public record PackagePage(List<PackageSummary> packages, int page, int size, long total) {}

    @Transactional(readOnly = true)
    public PackagePage list(int page, int size) {
        var result = packages.findAll(PageRequest.of(page, size, Sort.by("name")));
        return new PackagePage(
                result.getContent().stream()
                        .map(row -> new PackageSummary(row.name(), row.latest()))
                        .toList(),
                page,
                size,
                result.getTotalElements());
    }

    static String headText(Digest head) {
        return head == null ? null : head.toString();
    }
}
