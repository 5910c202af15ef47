package dev.wreg.server.compose;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.plan.PlanParser;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.refusal.Refusal;
import jakarta.annotation.PreDestroy;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Accepts composition requests and runs them. A request is checked (shape, token, publish target)
 * before anything is stored; then it becomes a queued row that this replica claims at once and
 * runs on a virtual thread. The caller waits up to {@code sync-timeout}; past it the job keeps
 * running and the caller polls. Every replica also polls for queued jobs nobody runs (a replica
 * that died, a lease that expired), so any replica can finish any job.
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
    private final ExecutorService running = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("wreg-compose-", 0).factory());
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("wreg-compose-poller").factory());

    public CompositionService(
            CompositionJobs jobs,
            CompositionRunner runner,
            ComposerPublisher publisher,
            CompositionProperties properties) {
        this.jobs = jobs;
        this.runner = runner;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** The job, and whether it finished within the synchronous wait. */
    public record Submitted(UUID id, Optional<CompositionJobs.Job> finished) {}

    /**
     * Checks and queues the request, then runs it here; waits for it up to {@code sync-timeout},
     * or not at all when {@code respondAsync} (the client sent {@code Prefer: respond-async}).
     */
    public Submitted submit(CompositionRequest request, Caller caller, boolean respondAsync) {
        // Composing stores a blob, so it takes what uploading one takes.
        caller.require(Scope.PUBLISH);
        check(request, caller);
        UUID id = jobs.insert(
                CompositionRunner.JSON.writeValueAsString(request),
                CompositionRunner.JSON.writeValueAsString(CompositionRunner.CallerView.of(caller)));
        CompletableFuture<Void> run =
                CompletableFuture.runAsync(() -> jobs.claim(id, worker).ifPresent(runner::run), running);
        try {
            run.get(respondAsync ? 0 : properties.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Submitted(id, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Submitted(id, Optional.empty());
        } catch (ExecutionException e) {
            log.error("composition {} could not be run", id, e.getCause());
        }
        return new Submitted(id, jobs.find(id).filter(CompositionService::finished));
    }

    public Optional<CompositionJobs.Job> find(UUID id) {
        return jobs.find(id);
    }

    static boolean finished(CompositionJobs.Job job) {
        return job.status() == CompositionJobs.Status.SUCCEEDED || job.status() == CompositionJobs.Status.FAILED;
    }

    private void check(CompositionRequest request, Caller caller) {
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
                PlanParser.parse(CompositionRunner.PLAN_FILE_NAME, request.plan());
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
    }

    /** Takes over expired leases and runs queued jobs nobody is running, one at a time. */
    void pollOnce() {
        try {
            int requeued = jobs.requeueExpired(properties.lease());
            if (requeued > 0) {
                log.warn("requeued {} composition(s) whose lease expired", requeued);
            }
            for (Optional<CompositionJobs.Claimed> next = jobs.claimNext(worker);
                    next.isPresent();
                    next = jobs.claimNext(worker)) {
                runner.run(next.get());
            }
        } catch (RuntimeException e) {
            log.warn("composition poll failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
        running.shutdownNow();
    }
}
