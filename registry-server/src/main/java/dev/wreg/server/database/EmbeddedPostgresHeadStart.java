package dev.wreg.server.database;

import dev.wreg.server.config.StartupChecks;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the configuration is known, so
 * that it runs while Spring builds the context (seconds of class loading either way) instead of
 * after it; {@link DatabaseConfiguration} then {@linkplain #take takes} the running server.
 * Only {@code RegistryServerApplication.main} adds this listener: tests that set the data directory
 * after the environment is prepared start the database the ordinary way. If the context fails
 * before taking the server, the server is stopped.
 */
public final class EmbeddedPostgresHeadStart implements ApplicationListener<ApplicationEvent>, Ordered {

    /** Off: the database starts when the context asks for it (bench/server-start.sh's reference). */
    public static final String ENABLED = "wreg.embedded-postgres.head-start";

    private record Pending(Path dataDir, CompletableFuture<EmbeddedPostgresServer> server) {}

    private static final AtomicReference<Pending> PENDING = new AtomicReference<>();

    @Override
    public int getOrder() {
        return StartupChecks.ORDER + 1; // after the checks: never start a database for a server that will not run
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (StartupChecks.preparingAheadOfTime()) {
            return;
        }
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            ConfigurableEnvironment env = prepared.getEnvironment();
            if (!EmbeddedDatabase.chosen(env) || !env.getProperty(ENABLED, Boolean.class, true)) {
                return;
            }
            Path dataDir = normalized(Path.of(env.getProperty(StartupChecks.DATA_DIR, StartupChecks.DEFAULT_DATA_DIR)));
            // The lock is taken here, before the context: of two servers started at the same moment
            // on one data directory (both past StartupChecks' probe), the second is refused in one
            // line now, not after its context has failed.
            EmbeddedPostgresServer.DataDirLock held;
            try {
                held = EmbeddedPostgresServer.lock(dataDir);
            } catch (java.io.IOException e) {
                return; // no head start: the configuration starts it and reports what is wrong
            }
            CompletableFuture<EmbeddedPostgresServer> server = new CompletableFuture<>();
            PENDING.set(new Pending(dataDir, server));
            Thread.ofPlatform().name("wreg-postgres-head-start").daemon().start(() -> {
                try {
                    server.complete(EmbeddedPostgresServer.start(held));
                } catch (Throwable e) {
                    server.completeExceptionally(e);
                }
            });
        } else if (event instanceof ApplicationFailedEvent) {
            Pending pending = PENDING.getAndSet(null);
            if (pending != null) {
                pending.server().thenAccept(EmbeddedPostgresServer::close);
            }
        }
    }

    /**
     * The server started ahead for {@code dataDir}, once it is up (its start-up failure is
     * rethrown); empty when none was started for that directory.
     */
    static Optional<EmbeddedPostgresServer> take(Path dataDir) throws java.io.IOException {
        Pending pending = PENDING.get();
        if (pending == null
                || !pending.dataDir().equals(normalized(dataDir))
                || !PENDING.compareAndSet(pending, null)) {
            return Optional.empty();
        }
        try {
            return Optional.of(pending.server().join());
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case java.io.IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw e;
            }
        }
    }

    private static Path normalized(Path dataDir) {
        return dataDir.toAbsolutePath().normalize();
    }
}
