package dev.wreg.server.log;

import dev.wreg.protocol.log.AddCheckpointRequest;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.Note;
import dev.wreg.protocol.log.NoteSignature;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.TlogPolicy;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import dev.wreg.server.refusal.Refusal;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * The log side of c2sp.org/tlog-witness: each newly signed checkpoint goes to every witness of the
 * configured tlog-policy with a consistency proof from the size that witness last acknowledged
 * (learnt again from a 409 when this process does not know it), and the verified cosignatures are
 * stored and served after the log's signature. With {@code require-quorum} a checkpoint is only
 * handed out once its cosignatures meet the policy's quorum.
 */
@Service
public class CheckpointWitnessing implements CheckpointPublication {

    private static final Logger log = LoggerFactory.getLogger(CheckpointWitnessing.class);

    /** Problem code of a publish or checkpoint request that no quorum-meeting checkpoint can answer. */
    public static final String QUORUM_NOT_MET = LogException.QUORUM_NOT_MET;

    /** A 409 names a new old size; following more than this many in a row means something is off. */
    private static final int CONFLICT_RETRIES = 3;

    private static final long RETRY_PAUSE_MILLIS = 200;

    private final TlogPolicy policy;
    private final WitnessingProperties properties;
    private final LogEntries entries;
    private final LogCosignatures cosignatures;
    private final LogTiles tiles;
    private final WitnessClient client;
    private final Clock clock;
    /** Per witness, the size it last acknowledged to us (cosigned, or named in a 409). */
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    /** Per witness, the largest checkpoint size a refusal was logged for since it last cosigned. */
    private final Map<String, Long> warned = new ConcurrentHashMap<>();

    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("wreg-log-witnessing").factory());
    /** One round of submissions at a time per process; witnesses serialise replicas with 409s. */
    private final ReentrantLock round = new ReentrantLock();

    public CheckpointWitnessing(
            WitnessingProperties properties,
            LogEntries entries,
            LogCosignatures cosignatures,
            LogTiles tiles,
            WitnessClient client,
            Clock clock) {
        this.properties = properties;
        this.entries = entries;
        this.cosignatures = cosignatures;
        this.tiles = tiles;
        this.client = client;
        this.clock = clock;
        this.policy = loadPolicy(properties);
        if (policy != null) {
            log.info(
                    "Log witnesses: {} (quorum {}, required: {})",
                    policy.witnesses().stream().map(TlogPolicy.Witness::name).toList(),
                    policy.quorum(),
                    properties.requireQuorum());
        }
    }

    private static TlogPolicy loadPolicy(WitnessingProperties properties) {
        String text;
        String source;
        if (StringUtils.hasText(properties.policy())) {
            text = properties.policy();
            source = "wreg.log.witness.policy";
        } else if (properties.policyFile() != null) {
            try {
                text = Files.readString(properties.policyFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read wreg.log.witness.policy-file", e);
            }
            source = properties.policyFile().toString();
        } else {
            if (properties.requireQuorum()) {
                throw new IllegalStateException("wreg.log.witness.require-quorum is set but there is no policy");
            }
            return null;
        }
        TlogPolicy policy;
        try {
            policy = TlogPolicy.parse(text);
        } catch (LogException e) {
            throw new IllegalStateException("the tlog-policy from " + source + " is invalid: " + e.getMessage());
        }
        for (TlogPolicy.Witness witness : policy.witnesses()) {
            if (witness.url() == null) {
                log.warn("witness {} has no URL in the policy; the log cannot ask it to cosign", witness.name());
            }
        }
        return policy;
    }

    /** The policy in force, if the log has witnesses. */
    public Optional<TlogPolicy> policy() {
        return Optional.ofNullable(policy);
    }

    @Override
    public StoredCheckpoint publish(StoredCheckpoint signed) {
        if (policy == null) {
            return signed;
        }
        Instant deadline = clock.instant().plus(properties.requireQuorum() ? properties.quorumWait() : Duration.ZERO);
        while (true) {
            // A concurrent run may have signed a newer checkpoint, which holds everything this one
            // does; witnesses that saw it would refuse the older one, so witness the newest instead.
            StoredCheckpoint newest = entries.latestCheckpoint()
                    .filter(latest -> latest.size() > signed.size())
                    .orElse(signed);
            collect(newest, null);
            if (!properties.requireQuorum() || quorumMet(cosignatures.witnessesOf(newest.size()))) {
                return cosignatures.attach(newest);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new Refusal(
                        Refusal.Kind.UNAVAILABLE,
                        QUORUM_NOT_MET,
                        "checkpoint " + newest.size() + " is signed but its cosignatures "
                                + cosignatures.witnessesOf(newest.size()) + " do not meet the witness quorum "
                                + policy.quorum() + " after "
                                + properties.quorumWait().toSeconds()
                                + "s; the log publishes only witnessed checkpoints, so retry later");
            }
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for witnesses", e);
            }
        }
    }

    /**
     * The checkpoint {@code /log/checkpoint} serves: the newest signed one with its cosignatures or,
     * when the quorum is required, the newest one that meets it (empty if none does yet).
     */
    public Optional<StoredCheckpoint> published() {
        Optional<StoredCheckpoint> latest = entries.latestCheckpoint();
        if (policy == null || latest.isEmpty()) {
            return latest;
        }
        if (!properties.requireQuorum()) {
            return latest.map(cosignatures::attach);
        }
        if (quorumMet(Set.of())) {
            return latest; // quorum none
        }
        for (Map.Entry<Long, Set<String>> cosigned : cosignatures.recent(64).entrySet()) {
            if (quorumMet(cosigned.getValue())) {
                return entries.checkpointAt(cosigned.getKey()).map(cosignatures::attach);
            }
        }
        return Optional.empty();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startMaintenance() {
        if (policy == null) {
            return;
        }
        long every = properties.retryInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopMaintenance() {
        maintenance.shutdownNow();
    }

    /**
     * Keeps the newest checkpoint witnessed without waiting for the next publish: asks again the
     * witnesses that were down, and every {@code refresh-after} asks all of them again so the
     * cosignature timestamps, which are a client's only evidence of freshness, stay recent while the
     * log is idle.
     */
    void maintain() {
        try {
            entries.latestCheckpoint()
                    .ifPresent(latest -> collect(latest, clock.instant().minus(properties.refreshAfter())));
        } catch (RuntimeException e) {
            log.warn("witness maintenance failed: {}", e.getMessage(), e);
        }
    }

    private boolean quorumMet(Set<String> witnesses) {
        return policy.quorumMet(witnesses);
    }

    /**
     * Asks every witness that has not cosigned {@code signed} yet, or whose cosignature was received
     * before {@code refreshBefore} (when not null); failures are logged, not thrown.
     */
    private void collect(StoredCheckpoint signed, Instant refreshBefore) {
        round.lock();
        try {
            Map<String, Instant> done = cosignatures.receivedAt(signed.size());
            for (TlogPolicy.Witness witness : policy.witnesses()) {
                Instant received = done.get(witness.name());
                boolean fresh = received != null && (refreshBefore == null || !received.isBefore(refreshBefore));
                if (witness.url() == null || fresh) {
                    continue;
                }
                try {
                    String lines = submit(witness, signed);
                    cosignatures.save(signed.size(), witness.name(), lines);
                    warned.remove(witness.name());
                } catch (WitnessRefusal e) {
                    // Retries would repeat the warning every pause: warn once per witness and checkpoint.
                    Long warnedFor = warned.get(witness.name());
                    if (warnedFor == null || warnedFor < signed.size()) {
                        warned.put(witness.name(), signed.size());
                        log.warn(
                                "witness {} did not cosign checkpoint {}: {}",
                                witness.name(),
                                signed.size(),
                                e.getMessage());
                    } else {
                        log.debug(
                                "witness {} still did not cosign checkpoint {}: {}",
                                witness.name(),
                                signed.size(),
                                e.getMessage());
                    }
                }
            }
        } finally {
            round.unlock();
        }
    }

    /** One witness's verified cosignature lines for {@code signed}. */
    private String submit(TlogPolicy.Witness witness, StoredCheckpoint signed) throws WitnessRefusal {
        long old = acknowledged.computeIfAbsent(
                witness.name(), name -> cosignatures.latestCosignedBy(name).orElse(0L));
        for (int attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
            if (old > signed.size()) {
                throw new WitnessRefusal("it already cosigned the larger tree of size " + old);
            }
            List<byte[]> proof = old == 0 || old == signed.size()
                    ? List.of()
                    : MerkleProofs.consistencyProof(old, signed.size(), new TileHashReader(signed.size(), tiles));
            byte[] body = new AddCheckpointRequest(old, proof, signed.note()).toBytes();
            WitnessClient.Answer answer;
            try {
                answer = client.addCheckpoint(witness.url(), body);
            } catch (WitnessClient.UnreachableException e) {
                throw new WitnessRefusal(e.getMessage());
            }
            switch (answer.status()) {
                case 200 -> {
                    return verified(witness, signed, answer.body());
                }
                case 409 -> {
                    long theirs = conflictSize(answer.body());
                    if (theirs == old) {
                        throw new WitnessRefusal("it holds another root for size " + old + ": the log may have forked");
                    }
                    old = theirs;
                    acknowledged.put(witness.name(), old);
                }
                default ->
                    throw new WitnessRefusal("it answered " + answer.status() + ": "
                            + abbreviate(new String(answer.body(), StandardCharsets.UTF_8)));
            }
        }
        throw new WitnessRefusal("it kept answering 409 Conflict");
    }

    private String verified(TlogPolicy.Witness witness, StoredCheckpoint signed, byte[] response)
            throws WitnessRefusal {
        List<NoteSignature> valid;
        try {
            valid = AddCheckpointRequest.verifiedCosignatures(
                    Note.parse(signed.note()), response, List.of(witness.key().verifier()));
        } catch (LogException e) {
            throw new WitnessRefusal("its answer does not verify: " + e.getMessage());
        }
        if (valid.isEmpty()) {
            throw new WitnessRefusal("its answer carries no cosignature from its key " + witness.key());
        }
        acknowledged.put(witness.name(), signed.size());
        StringBuilder lines = new StringBuilder();
        valid.forEach(s -> lines.append(s.line()));
        return lines.toString();
    }

    /** The body of a 409: the witness's size in canonical decimal and a newline. */
    private static long conflictSize(byte[] body) throws WitnessRefusal {
        String text = new String(body, StandardCharsets.US_ASCII);
        if (!text.matches("(0|[1-9][0-9]{0,18})\n")) {
            throw new WitnessRefusal("its 409 answer is not a tree size: " + abbreviate(text));
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new WitnessRefusal("its 409 answer is not a tree size: " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("[\\p{Cntrl}]", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    /** Why one witness gave no cosignature this round. */
    private static final class WitnessRefusal extends Exception {
        WitnessRefusal(String message) {
            super(message);
        }
    }
}
