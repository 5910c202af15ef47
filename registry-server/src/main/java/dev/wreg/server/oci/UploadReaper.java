package dev.wreg.server.oci;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deletes upload sessions idle for longer than {@code wreg.oci.upload-expiry}, with their bytes,
 * every quarter of that period (at most every 15 minutes). Several replicas may run it at once:
 * each run is one idempotent {@code DELETE}.
 */
@Component
public class UploadReaper {

    private static final Logger log = LoggerFactory.getLogger(UploadReaper.class);

    private final OciUploads uploads;
    private final Clock clock;
    private final Duration expiry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("wreg-oci-upload-reaper").factory());

    public UploadReaper(OciUploads uploads, Clock clock, OciProperties properties) {
        this.uploads = uploads;
        this.clock = clock;
        this.expiry = properties.uploadExpiry();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long period = Math.max(
                1, Math.min(expiry.toSeconds() / 4, Duration.ofMinutes(15).toSeconds()));
        timer.scheduleWithFixedDelay(this::reapQuietly, period, period, TimeUnit.SECONDS);
    }

    /** Deletes the expired sessions now; answers how many. */
    public int reap() {
        int deleted = uploads.deleteIdleSince(clock.instant().minus(expiry));
        if (deleted > 0) {
            log.info("deleted {} OCI upload session(s) idle for more than {}", deleted, expiry);
        }
        return deleted;
    }

    private void reapQuietly() {
        try {
            reap();
        } catch (RuntimeException e) {
            log.warn("could not delete expired OCI uploads: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
