package dev.wreg.cli.publish;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.keys.LocalKey;
import dev.wreg.cli.log.LogTrust;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.PublishResponse;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Builds the next record of a package (prev = the verified head, time never before the last
 * record's), signs it with the local key, and applies it to the verified state before sending:
 * the same state machine the registry runs refuses a missing permission or a taken version here,
 * before any upload.
 */
public final class RecordWriter {

    private final RegistryClient client;
    private final LogTrust log;

    public RecordWriter(RegistryClient client) {
        this(client, null);
    }

    /** With {@code log}, the registry's answer must prove the record is in its transparency log. */
    public RecordWriter(RegistryClient client, LogTrust log) {
        this.client = client;
        this.log = log;
    }

    public Prepared prepare(VerifiedPackage pkg, LocalKey key, List<Entry> entries) {
        PackageState state = pkg.state();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant last = state.lastTime();
        Instant time = last != null && now.isBefore(last) ? last : now;
        PackageRecord record = new PackageRecord(pkg.name(), state.head(), time, List.copyOf(entries));
        SignedRecord signed = SignedRecord.sign(record, key.privateKey());
        PackageState after;
        try {
            after = state.apply(signed, pkg.operator());
        } catch (ProtocolException e) {
            throw new CliException(
                    exitCodeFor(e.code()),
                    "cannot change " + pkg.name() + " with key '" + key.name() + "' ("
                            + key.publicKey().keyId().value() + "): " + e.getMessage());
        }
        return new Prepared(signed, after);
    }

    /**
     * Submits the record; with a {@link LogTrust}, also proves it is in the log. The answer's
     * {@code logIndex} is a required member, so an answer without it was already refused as not to
     * be trusted.
     */
    public PublishResponse submit(Prepared prepared) {
        // The bytes sent are the bytes the registry logs, so they are the bytes whose inclusion is proven.
        byte[] sent = prepared.record().envelope().toJson();
        PublishResponse answer = client.submitRecord(prepared.record().record().pkg(), sent);
        if (log != null) {
            log.verifyIncluded(
                    sent, answer.logIndex(), "record " + prepared.record().id());
        }
        return answer;
    }

    /** A signed record that the local state machine accepted, and the state it leads to. */
    public record Prepared(SignedRecord record, PackageState after) {}

    static int exitCodeFor(String code) {
        return switch (code) {
            case "unauthorized", "revoked-key" -> ExitCode.AUTH;
            case "version-exists", "stale-prev", "time-regression", "name-conflict" -> ExitCode.CONFLICT;
            case "unknown-version" -> ExitCode.NOT_FOUND;
            default -> ExitCode.USAGE;
        };
    }
}
