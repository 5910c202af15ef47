package dev.wreg.server.log;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the log gets its checkpoints witnessed, under {@code wreg.log.witness.*}. Without a policy
 * the log has no witnesses and behaves as if this did not exist.
 *
 * @param policy a c2sp.org/tlog-policy text whose {@code witness} lines carry submission URLs
 *     (the prefix before {@code /add-checkpoint}); wins over the file
 * @param policyFile a file holding that policy
 * @param requireQuorum publish (and answer a publish) only with checkpoints that meet the policy's
 *     quorum; a publish that cannot get one within {@code quorumWait} fails with 503
 * @param requestTimeout how long one add-checkpoint call may take
 * @param quorumWait how long a publish keeps retrying the witnesses for a quorum
 * @param retryInterval how often the newest checkpoint is offered again to witnesses that have not
 *     cosigned it (they were down) or whose cosignature is older than {@code refreshAfter}
 * @param refreshAfter the age after which a cosignature of the newest checkpoint is renewed, so
 *     that an idle log still shows clients recent cosignature timestamps
 */
@ConfigurationProperties("wreg.log.witness")
public record WitnessingProperties(
        String policy,
        Path policyFile,
        @DefaultValue("false") boolean requireQuorum,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("10s") Duration quorumWait,
        @DefaultValue("30s") Duration retryInterval,
        @DefaultValue("1h") Duration refreshAfter) {}
