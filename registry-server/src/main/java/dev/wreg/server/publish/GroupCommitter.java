package dev.wreg.server.publish;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import dev.wreg.server.log.LogUnavailableException;
import dev.wreg.server.log.Sequencer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of publishes. Every record that arrives while a commit is running waits for the next
 * one, and that commit applies them all in one transaction and integrates them under one signed
 * checkpoint. Why: integrating (tile writes, signing, the durable commit) costs about the same for
 * one entry as for hundreds, and the log's writer lock lets one transaction integrate at a time, so
 * one commit per record capped publishes per second at one over the integration time.
 *
 * <p>Each record is applied under a savepoint of its own: a refused one is rolled back alone and
 * its client gets the refusal, while the others still commit. If the integration or the commit
 * fails, every record of the batch gets that failure and none is stored, as before: a record
 * commits only together with a signed checkpoint covering it. Records are applied in package-name
 * order, so replicas committing batches at the same time take package row locks in the same order
 * (and the log's writer lock last) and cannot deadlock.
 */
final class GroupCommitter {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /*
     * Where a commit's time goes, for finding the committer's bottleneck in production (the
     * committer is one thread, so its phases add up to how busy it is): the records' rows, the log
     * integration (tiles, signing, the checkpoint beside the tiles), the database commit.
     */
    private static final Timer ROWS = commitPhase("rows");
    private static final Timer INTEGRATION = commitPhase("integration");
    private static final Timer DATABASE_COMMIT = commitPhase("database-commit");
    private static final DistributionSummary BATCH_SIZE = DistributionSummary.builder("wreg.publish.commit.records")
            .description("Records applied by one group commit of publishes")
            .register(Metrics.globalRegistry);

    private static Timer commitPhase(String phase) {
        return Timer.builder("wreg.publish.commit")
                .description("Time of one group commit of publishes, by phase")
                .tag("phase", phase)
                .register(Metrics.globalRegistry);
    }

    /** Most records one commit applies; a larger backlog takes several commits. */
    static final int MAX_BATCH = 256;

    /** How one record is applied inside the batch's transaction. */
    interface Apply {
        PublishService.Accepted apply(PublishService.Prepared prepared, Batch batch);
    }

    /** What the records of one commit share while they are applied. */
    static final class Batch {
        /**
         * The state each package reached by an earlier record of this batch (uncommitted, so not
         * in {@code PackageLog}'s cache yet); a record adds the state it leads to.
         */
        final Map<PackageName, PackageState> applied = new HashMap<>();

        private OperatorState operator;

        /**
         * The operator state the whole batch is checked against, read by its first record: one
         * read per commit rather than one per record (the batch commits as of that moment).
         */
        OperatorState operator(Supplier<OperatorState> read) {
            if (operator == null) {
                operator = read.get();
            }
            return operator;
        }
    }

    private record Pending(PublishService.Prepared prepared, CompletableFuture<PublishService.Accepted> answer) {}

    private final TransactionTemplate transaction;
    private final EntityManager entityManager;
    private final JdbcTemplate jdbc;
    private final Sequencer sequencer;
    private final Apply apply;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean stopping;

    GroupCommitter(
            TransactionTemplate transaction,
            EntityManager entityManager,
            JdbcTemplate jdbc,
            Sequencer sequencer,
            Apply apply) {
        this.transaction = transaction;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.sequencer = sequencer;
        this.apply = apply;
        this.committer =
                Thread.ofPlatform().name("wreg-publish-committer").daemon(true).start(this::run);
    }

    /** Applies {@code item} in the next commit and answers once that commit is durable. */
    PublishService.Accepted commit(PublishService.Prepared prepared) {
        if (stopping) {
            throw new LogUnavailableException("the registry is shutting down; retry on another replica or later");
        }
        CompletableFuture<PublishService.Accepted> answer = new CompletableFuture<>();
        queue.add(new Pending(prepared, answer));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while waiting for the commit; the record may be stored,"
                    + " submit it again to learn its outcome");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many records wait for the next commit. */
    int waiting() {
        return queue.size();
    }

    /** Lets the records already waiting commit, then stops taking new ones (graceful shutdown). */
    void stop(Duration drain) {
        stopping = true;
        committer.interrupt();
        try {
            committer.join(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending left; (left = queue.poll()) != null; ) {
            left.answer.completeExceptionally(new LogUnavailableException("the registry stopped before committing"));
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                Pending first = stopping ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                // stop() interrupts a wait; what is queued still commits before the loop ends.
                continue;
            }
            commitBatch(batch);
            batch.clear();
        }
    }

    private void commitBatch(List<Pending> batch) {
        batch.sort(Comparator.comparing(pending -> pending.prepared().name().toString()));
        Map<Pending, PublishService.Accepted> applied = new HashMap<>();
        long started = System.nanoTime();
        long[] rowsDone = {started, started};
        try {
            StoredCheckpoint checkpoint = transaction.execute(status -> {
                Batch shared = new Batch();
                for (Pending pending : batch) {
                    applyAlone(pending, shared).ifPresent(accepted -> applied.put(pending, accepted));
                }
                rowsDone[0] = System.nanoTime();
                // Last, after every row: the records commit only together with a signed checkpoint.
                StoredCheckpoint signed = applied.isEmpty() ? null : sequencer.integrateWithin();
                rowsDone[1] = System.nanoTime();
                return signed;
            });
            long committed = System.nanoTime();
            ROWS.record(rowsDone[0] - started, TimeUnit.NANOSECONDS);
            INTEGRATION.record(rowsDone[1] - rowsDone[0], TimeUnit.NANOSECONDS);
            DATABASE_COMMIT.record(committed - rowsDone[1], TimeUnit.NANOSECONDS);
            BATCH_SIZE.record(batch.size());
            if (log.isDebugEnabled()) {
                log.debug(
                        "committed {} of {} records under one checkpoint in {} ms",
                        applied.size(),
                        batch.size(),
                        (committed - started) / 1_000_000);
            }
            applied.forEach((pending, accepted) -> pending.answer.complete(new PublishService.Accepted(
                    accepted.created(), accepted.recordId(), accepted.index(), accepted.state(), checkpoint)));
        } catch (RuntimeException | Error e) {
            log.debug("a commit of {} records failed", batch.size(), e);
            // Every record not yet answered (applied, or not reached when the transaction failed).
            batch.forEach(pending -> pending.answer.completeExceptionally(e));
        }
    }

    /**
     * Applies one record under its own savepoint; on a refusal, rolls back to it, forgets the
     * entities the record touched, and hands the refusal to its client alone. (SQL savepoints on
     * the transaction's connection, which JPA shares with JDBC: Spring's JPA transactions offer
     * none.)
     */
    private Optional<PublishService.Accepted> applyAlone(Pending pending, Batch shared) {
        jdbc.execute("SAVEPOINT wreg_record");
        try {
            PublishService.Accepted accepted = apply.apply(pending.prepared(), shared);
            entityManager.flush();
            jdbc.execute("RELEASE SAVEPOINT wreg_record");
            return Optional.of(accepted);
        } catch (RuntimeException | Error e) {
            jdbc.execute("ROLLBACK TO SAVEPOINT wreg_record");
            // The persistence context still holds what the savepoint undid; the records before
            // this one are flushed, so forgetting every managed entity loses nothing of theirs.
            entityManager.clear();
            // The state this record may have added before failing is undone too; the others are
            // read again from the database, where the earlier records are flushed.
            shared.applied.clear();
            pending.answer.completeExceptionally(e);
            return Optional.empty();
        }
    }
}
