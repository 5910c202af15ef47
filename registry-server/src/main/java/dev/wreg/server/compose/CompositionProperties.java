package dev.wreg.server.compose;

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
 * @param lease how long a claimed job may run before another replica takes it over
 * @param maxInputSize largest input component, and largest result
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
        @DefaultValue("16MB") DataSize maxInputSize,
        String composerKey,
        Path composerKeyFile) {}
