package dev.wreg.server.compose;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.plan.PlanParser;
import dev.wreg.composer.plan.PlanSyntax;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.refusal.Refusal;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Accepts composition requests and runs them. A request is checked (shape, token, publish target)
 * before anything is stored; then it becomes a queued row. Jobs run on a fixed pool of {@code
 * wreg.compositions.workers} threads of their own, never on request threads, so compositions can
 * take at most that many cores and never starve the API; a job that finds no free worker waits
 * queued. The caller waits up to {@code sync-timeout}; past it the job keeps running and the caller
 * polls. Each worker renews its job's claim every third of the lease; a job whose worker died is
 * taken over once its lease expires (by any replica's poller), at most {@code max-attempts} times,
 * and a worker that finds its claim taken over stops its copy.
 */
@Service
public class CompositionService {

    private static final Logger log = LoggerFactory.getLogger(CompositionService.class);
    private static final int MAX_PLUGS = 64;
    private static final int MAX_INVOKE = 32;

    private final CompositionJobs jobs;
    private final CompositionRunner runner;
    private final ComposerPublisher publisher;
    private final CompositionProperties properties;
    private final String worker = "wreg-" + UUID.randomUUID();
    private final ExecutorService workers;
    private final Semaphore freeWorkers;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("wreg-compose-poller").factory());
    /** Jobs this replica runs now, by claim token. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Completed when this replica finishes the job (a POST waiting for it wakes at once). */
    private final Map<UUID, CompletableFuture<Void>> finished = new ConcurrentHashMap<>();

    private volatile Instant lastRenewal = Instant.now();

    private record Running(UUID id, Future<?> future) {}

    public CompositionService(
            CompositionJobs jobs,
            CompositionRunner runner,
            ComposerPublisher publisher,
            CompositionProperties properties) {
        this.jobs = jobs;
        this.runner = runner;
        this.publisher = publisher;
        this.properties = properties;
        this.freeWorkers = new Semaphore(properties.workers());
        warnIfTheHeapIsTooSmall(properties, Runtime.getRuntime().maxMemory());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.workers(), runnable -> {
            Thread thread = new Thread(runnable, "wreg-compose-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A guest's linear memory lives in the heap, and growing it copies it: every worker's smoke run
     * can take one and a half times its memory limit at once. Past half the heap, compositions could
     * take the memory the API needs (the JVM's native memory, about 300 MB, comes on top).
     */
    static boolean warnIfTheHeapIsTooSmall(CompositionProperties properties, long maxHeap) {
        long smokeRuns =
                properties.workers() * properties.smokeRun().maxMemory().toBytes() * 3 / 2;
        if (smokeRuns > maxHeap / 2) {
            log.warn(
                    "{} composition worker(s) with {} bytes of guest memory each may take {} MiB of a {} MiB heap;"
                            + " lower wreg.compositions.workers or smoke-run.max-memory, or give the JVM more heap",
                    properties.workers(),
                    properties.smokeRun().maxMemory().toBytes(),
                    smokeRuns >> 20,
                    maxHeap >> 20);
            return true;
        }
        return false;
    }

    /** The job, and whether it finished within the synchronous wait. */
    public record Submitted(UUID id, Optional<CompositionJobs.Job> finished) {}

    /**
     * Checks and queues the request, then runs it here if a worker is free; waits for it up to
     * {@code sync-timeout}, or not at all when {@code respondAsync} (the client sent {@code Prefer:
     * respond-async}).
     */
    public Submitted submit(CompositionRequest request, Caller caller, boolean respondAsync) {
        // Composing stores a blob, so it takes what uploading one takes.
        caller.require(Scope.PUBLISH);
        CompositionRunner.Work work = new CompositionRunner.Work(request, caller, check(request, caller));
        UUID id = jobs.insert(
                CompositionRunner.JSON.writeValueAsString(request),
                CompositionRunner.JSON.writeValueAsString(CompositionRunner.CallerView.of(caller)));
        CompletableFuture<Void> done = finished.computeIfAbsent(id, key -> new CompletableFuture<>());
        try {
            if (freeWorkers.tryAcquire()) {
                Optional<CompositionJobs.Claimed> claimed;
                try {
                    claimed = jobs.claim(id, worker);
                } catch (RuntimeException e) {
                    freeWorkers.release();
                    throw e;
                }
                // Run here from what is in hand: neither the request's JSON nor its plan is read again.
                claimed.ifPresentOrElse(job -> start(job, work), freeWorkers::release);
            }
            if (!respondAsync) {
                await(id, done, properties.syncTimeout());
            }
        } finally {
            finished.remove(id, done);
        }
        return new Submitted(id, jobs.find(id).filter(CompositionService::finished));
    }

    /** Waits for this replica to finish the job, looking at its row now and then (another may run it). */
    private void await(UUID id, CompletableFuture<Void> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                long slice = Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 500);
                try {
                    done.get(Math.max(1, slice), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (jobs.find(id).filter(CompositionService::finished).isPresent()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs a job this replica just claimed, on a worker already reserved for it; {@code work} is
     * the request as received when this replica accepted it, or null to read it from the job's row.
     */
    private void start(CompositionJobs.Claimed job, CompositionRunner.Work work) {
        FutureTask<Void> task = new FutureTask<>(
                () -> {
                    try {
                        runner.run(job, work != null ? work : runner.workOf(job));
                    } finally {
                        running.remove(job.token());
                        freeWorkers.release();
                        CompletableFuture<Void> done = finished.get(job.id());
                        if (done != null) {
                            done.complete(null);
                        }
                        claimQueued();
                    }
                },
                null);
        running.put(job.token(), new Running(job.id(), task));
        workers.execute(task);
    }

    public Optional<CompositionJobs.Job> find(UUID id) {
        return jobs.find(id);
    }

    static boolean finished(CompositionJobs.Job job) {
        return job.status() == CompositionJobs.Status.SUCCEEDED || job.status() == CompositionJobs.Status.FAILED;
    }

    /** Refuses what cannot be composed before anything is stored; answers the parsed plan, if any. */
    private PlanSyntax.Document check(CompositionRequest request, Caller caller) {
        PlanSyntax.Document plan = null;
        if (request.plan() != null) {
            if (request.socket() != null || !request.plugsOrEmpty().isEmpty() || request.isTransitive()) {
                throw Refusal.invalidRequest(
                        "give either a plan or socket and plugs (transitive is for plugs), not both");
            }
            if (request.plan().length() > PlanParser.MAX_SOURCE_CHARS) {
                throw new Refusal(
                        Refusal.Kind.TOO_LARGE,
                        "input-too-large",
                        "the plan is longer than " + PlanParser.MAX_SOURCE_CHARS + " characters");
            }
            try {
                // Syntax errors answer at once, with their position, and store nothing.
                plan = PlanParser.parse(CompositionRunner.PLAN_FILE_NAME, request.plan());
            } catch (CompositionException e) {
                throw new Refusal(Refusal.Kind.UNPROCESSABLE, e.code(), e.getMessage());
            }
        } else {
            checkPlugInputs(request);
        }
        if (request.invokeOrEmpty().size() > MAX_INVOKE) {
            throw Refusal.invalidRequest("at most " + MAX_INVOKE + " smoke calls per composition");
        }
        if (request.publish() != null) {
            PackageName name;
            Version version;
            try {
                name = PackageName.parse(String.valueOf(request.publish().pkg()));
                version = Version.parse(String.valueOf(request.publish().version()));
            } catch (ProtocolException e) {
                throw Refusal.invalidRequest("publish needs package (ns:name) and version: " + e.getMessage());
            }
            publisher.precheck(name, version, caller);
        }
        return plan;
    }

    private static void checkPlugInputs(CompositionRequest request) {
        InputRef.parse("socket", request.socket());
        if (request.plugsOrEmpty().isEmpty()) {
            throw Refusal.invalidRequest("plugs is missing: name at least one plug");
        }
        if (request.plugsOrEmpty().size() > MAX_PLUGS) {
            throw Refusal.invalidRequest("at most " + MAX_PLUGS + " plugs per composition");
        }
        for (String plug : request.plugsOrEmpty()) {
            InputRef.parse("plug", plug);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void startPolling() {
        long every = Math.max(100, properties.pollInterval().toMillis());
        poller.scheduleWithFixedDelay(this::pollOnce, every, every, TimeUnit.MILLISECONDS);
        long beat = Math.max(100, properties.heartbeat().toMillis());
        poller.scheduleWithFixedDelay(this::renewClaims, beat, beat, TimeUnit.MILLISECONDS);
    }

    /** Takes over jobs whose lease expired and runs queued jobs nobody is running, while workers are free. */
    void pollOnce() {
        try {
            CompositionJobs.Expired expired = jobs.expire(properties.lease(), properties.maxAttempts());
            if (expired.requeued() > 0) {
                log.warn("requeued {} composition(s) whose worker stopped renewing its claim", expired.requeued());
            }
            if (expired.failed() > 0) {
                log.warn(
                        "{} composition(s) failed for good after {} attempts",
                        expired.failed(),
                        properties.maxAttempts());
            }
            claimQueued();
        } catch (RuntimeException e) {
            log.warn("composition poll failed: {}", e.toString());
        }
    }

    private void claimQueued() {
        while (freeWorkers.tryAcquire()) {
            Optional<CompositionJobs.Claimed> next;
            try {
                next = jobs.claimNext(worker);
            } catch (RuntimeException e) {
                freeWorkers.release();
                log.warn("claiming a queued composition failed: {}", e.toString());
                return;
            }
            if (next.isEmpty()) {
                freeWorkers.release();
                return;
            }
            start(next.get(), null);
        }
    }

    /**
     * Renews the claims of the jobs running here. A job whose claim is gone was taken over by
     * another replica (this one could not renew in time): its copy here is stopped, so a job never
     * runs twice for long. If renewing keeps failing past the lease, every job here is stopped.
     */
    void renewClaims() {
        Map<String, Running> snapshot = Map.copyOf(running);
        if (snapshot.isEmpty()) {
            lastRenewal = Instant.now();
            return;
        }
        try {
            Set<String> renewed = jobs.renew(snapshot.keySet());
            lastRenewal = Instant.now();
            snapshot.forEach((token, job) -> {
                if (!renewed.contains(token) && running.containsKey(token)) {
                    log.warn("composition {} was taken over by another worker; stopping the copy here", job.id());
                    job.future().cancel(true);
                }
            });
        } catch (RuntimeException e) {
            log.warn("renewing composition claims failed: {}", e.toString());
            if (Duration.between(lastRenewal, Instant.now()).compareTo(properties.lease()) > 0) {
                log.warn("could not renew composition claims for longer than the lease; stopping them here");
                snapshot.values().forEach(job -> job.future().cancel(true));
            }
        }
    }

    /** Jobs running on this replica now (for tests and metrics). */
    int runningCount() {
        return running.size();
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
        workers.shutdownNow();
    }
}
