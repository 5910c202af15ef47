package dev.wreg.server.compose;

import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.engine.wasi.WasiHost;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Composition jobs, under {@code wreg.compositions.*}.
 *
 * @param syncTimeout how long a POST waits for its job before answering 202 with a Location to poll
 * @param pollInterval how often each replica looks for queued jobs (those whose POST gave up waiting,
 *     or whose replica went away)
 * @param lease how long a claimed job's worker may go without renewing its claim before another
 *     replica takes the job over; a live worker renews it every third of this
 * @param maxAttempts claims after which a job whose workers keep dying fails for good
 * @param workers compositions one replica runs at once, on threads of their own (never the request
 *     threads); more wait queued
 * @param maxInputSize largest input component, and largest result
 * @param smokeRun the engine limits every smoke run gets
 * @param composerKey the registry composer's private key text (signs releases a package owner
 *     granted it {@code release} on)
 * @param composerKeyFile a file holding that key; in embedded mode {@code ${wreg.data-dir}/composer.key}
 *     is generated when neither is set
 */
@ConfigurationProperties("wreg.compositions")
public record CompositionProperties(
        @DefaultValue("10s") Duration syncTimeout,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("10m") Duration lease,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("1") int workers,
        @DefaultValue("16MB") DataSize maxInputSize,
        @DefaultValue SmokeRunLimits smokeRun,
        String composerKey,
        Path composerKeyFile) {

    public CompositionProperties {
        if (maxAttempts < 1 || workers < 1) {
            throw new IllegalArgumentException("wreg.compositions.max-attempts and workers must be at least 1");
        }
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("wreg.compositions.lease must be at least 3s");
        }
    }

    /**
     * Under {@code wreg.compositions.smoke-run.*}: wall clock for instantiating and all calls
     * together, linear memory of all core instances, output, instances and table elements. A job
     * whose smoke run goes past one fails with {@code limit-exceeded}, naming it.
     */
    public record SmokeRunLimits(
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("128MB") DataSize maxMemory,
            @DefaultValue("1MB") DataSize maxOutput,
            @DefaultValue("1000") int maxInstances,
            @DefaultValue("1000000") long maxTableElements) {

        public WasiHost.Limits engineLimits() {
            return ComposePipeline.DEFAULT_SMOKE_LIMITS
                    .withTimeout(timeout)
                    .withMaxMemoryBytes(maxMemory.toBytes())
                    .withMaxOutputBytes(maxOutput.toBytes())
                    .withMaxInstances(maxInstances)
                    .withMaxTableElements(maxTableElements);
        }
    }

    /** How often a worker renews the claims of the jobs it runs. */
    public Duration heartbeat() {
        return lease.dividedBy(3);
    }
}
