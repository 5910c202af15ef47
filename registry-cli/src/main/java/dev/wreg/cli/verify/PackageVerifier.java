package dev.wreg.cli.verify;

import dev.wreg.cli.CliException;
import dev.wreg.cli.client.LogEntry;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.log.LogTrust;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedRecord;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds package state from what the registry serves, trusting nothing but the pinned
 * operator key: the operator log gives namespace owners, then each package record must apply
 * cleanly to the state before it (signature, permission, chain, time). Any failure means the
 * registry served something it should not have, so it maps to exit 6.
 */
public final class PackageVerifier {

    /** The name the operator log's kept records go by (a package name always has a colon, so none clashes with it). */
    private static final String OPERATOR_LOG = "operator";

    private final RegistryClient client;
    private final OperatorKeyPin pin;
    private final LogTrust log;
    /** Records verified by an earlier command, or null: then every command reads whole logs. */
    private final VerifiedRecords kept;

    public PackageVerifier(RegistryClient client, OperatorKeyPin pin) {
        this(client, pin, null);
    }

    /** With {@code log}, every record used must also be proven in the registry's transparency log. */
    public PackageVerifier(RegistryClient client, OperatorKeyPin pin, LogTrust log) {
        this(client, pin, log, null);
    }

    /**
     * As {@link #PackageVerifier(RegistryClient, OperatorKeyPin, LogTrust)}, reading from the
     * registry only the records after those {@code kept} holds (which are replayed and checked all
     * the same) and keeping what it verified for the next command. Needs {@code log}: a record is
     * kept only once it is proven included, and the package-history checks still see every record.
     */
    public PackageVerifier(RegistryClient client, OperatorKeyPin pin, LogTrust log, VerifiedRecords kept) {
        this.client = client;
        this.pin = pin;
        this.log = log;
        this.kept = log == null ? null : kept;
    }

    public OperatorState operatorState() {
        PublicKey served = client.operatorKey();
        List<LogEntry> records = kept == null
                ? client.operatorRecords()
                : kept.read(OPERATOR_LOG, client::operatorRecords, client::operatorRecords);
        OperatorState state;
        ProtocolException failure = null;
        try {
            state = OperatorLogReplay.replay(served, records);
        } catch (ProtocolException e) {
            state = null;
            failure = e;
        }
        // The pin first: a registry serving a key its pinned one never handed over to is refused as
        // such, whatever its records say. A key handed over through records the pinned key signed
        // (every record was checked just now) is followed.
        pin.check(served, state == null ? List.of(served) : state.keys());
        if (failure != null) {
            throw CliException.integrity("the registry's operator log does not verify: " + failure.getMessage());
        }
        if (log != null) {
            log.verifyIncluded(records, "operator");
        }
        if (kept != null) {
            kept.keep(OPERATOR_LOG, records);
        }
        return state;
    }

    /** The package as its records prove it; an unknown package comes back empty. */
    public VerifiedPackage verify(PackageName name) {
        return verify(name, operatorState());
    }

    /**
     * As {@link #verify(PackageName)}, against an operator state this verifier produced earlier in
     * the same command (so a command verifying many packages replays the operator log once).
     */
    public VerifiedPackage verify(PackageName name, OperatorState operator) {
        if (kept == null) {
            return verify(name, operator, client.packageRecords(name));
        }
        List<LogEntry> records = kept.read(
                name.toString(),
                from -> client.packageRecords(name, from).orElse(null),
                from -> client.packageRecords(name, from).orElse(null));
        VerifiedPackage verified = verify(name, operator, Optional.ofNullable(records));
        kept.keep(name.toString(), verified.records());
        return verified;
    }

    /**
     * As {@link #verify(PackageName, OperatorState)}, with the package's records as the registry
     * served them (read ahead, say, together with other packages'); empty for an unknown package.
     */
    public VerifiedPackage verify(PackageName name, OperatorState operator, Optional<List<LogEntry>> served) {
        List<LogEntry> records = served.orElse(List.of());
        PackageState state = PackageState.empty(name);
        for (LogEntry entry : records) {
            SignedRecord record;
            try {
                record = SignedRecord.of(entry.envelope());
            } catch (ProtocolException e) {
                throw CliException.integrity(
                        "record " + entry.index() + " of " + name + " is malformed: " + e.getMessage());
            }
            if (!entry.recordId().isEmpty() && !record.id().toString().equals(entry.recordId())) {
                throw CliException.integrity("record " + entry.index() + " of " + name + " is served as "
                        + entry.recordId() + " but its payload hashes to " + record.id());
            }
            try {
                state = state.apply(record, operator);
            } catch (ProtocolException e) {
                throw CliException.integrity("record " + entry.index() + " of " + name + " (" + record.id()
                        + ") does not verify: " + e.getMessage() + " [" + e.code() + "]");
            }
        }
        if (log != null) {
            log.verifyIncluded(records, name.toString());
            log.checkPackageHistory(name.toString(), records);
        }
        return new VerifiedPackage(name, state, operator, records);
    }
}
