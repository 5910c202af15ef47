package dev.wreg.server.compose;

import dev.wreg.protocol.RecordRejectedException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.keys.ComposerKey;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.publish.PublishService;
import dev.wreg.server.refusal.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Publishes a composed result as a release signed by the registry's composer key. The key has no
 * standing of its own: the record goes through the same {@link PublishService} as any client's,
 * so it is accepted only where the package's owner granted the composer key {@code release}.
 */
@Service
public class ComposerPublisher {

    private static final int ATTEMPTS = 3;

    private final ComposerKey key;
    private final PackageLog packageLog;
    private final PublishService publish;
    private final Clock clock;

    public ComposerPublisher(ComposerKey key, PackageLog packageLog, PublishService publish, Clock clock) {
        this.key = key;
        this.packageLog = packageLog;
        this.publish = publish;
        this.clock = clock;
    }

    /** The key this publisher signs with: the one a package's owner grants {@code release} to. */
    public ComposerKey key() {
        return key;
    }

    /** What was published. */
    public record Published(String pkg, String version, String recordId, long logIndex) {}

    /**
     * Refuses early (before anything is composed or stored) what would be refused at publish time:
     * no composer key, a token that may not publish here, an unknown package, a composer key
     * without {@code release}, a version already taken.
     */
    public void precheck(PackageName name, Version version, Caller caller) {
        caller.require(Scope.PUBLISH, name);
        PrivateKey signer = signer();
        PackageState state = packageLog.state(name);
        if (!key.holdsRelease(state)) {
            throw new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "unauthorized",
                    "the registry's composer key " + signer.publicKey().keyId().value() + " does not hold release on "
                            + name + "; its owner grants it with: "
                            + key.grantCommand(name).orElseThrow());
        }
        if (state.release(version).isPresent()) {
            throw Refusal.conflict("version-exists", name + "@" + version + " already exists");
        }
    }

    public Published publish(
            PackageName name, Version version, Digest content, long size, Composition provenance, Caller caller) {
        return publish(name, new Entry.Release(version, content, size, provenance), caller);
    }

    /**
     * Signs {@code release} with the registry's key and publishes it through {@link PublishService}
     * (the OCI push publishes a wkg-pushed component this way, marked {@code "via":"oci"}).
     */
    public Published publish(PackageName name, Entry.Release release, Caller caller) {
        Version version = release.version();
        PrivateKey signer = signer();
        for (int attempt = 1; ; attempt++) {
            PackageState state = packageLog.state(name);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant time = state.lastTime() != null && now.isBefore(state.lastTime()) ? state.lastTime() : now;
            PackageRecord record = new PackageRecord(name, state.head(), time, List.of(release));
            SignedRecord signed = SignedRecord.sign(record, signer);
            try {
                PublishService.Published published =
                        publish.publish(name, signed.envelope().toJson(), caller);
                return new Published(
                        name.toString(),
                        version.toString(),
                        published.accepted().recordId(),
                        published.inclusion().index());
            } catch (RecordRejectedException e) {
                // Another record landed between reading the head and submitting: build on the new head.
                if (attempt >= ATTEMPTS || !e.code().equals("stale-prev")) {
                    throw e;
                }
            }
        }
    }

    private PrivateKey signer() {
        return key.privateKey()
                .orElseThrow(() -> new Refusal(
                        Refusal.Kind.CONFLICT,
                        "composer-unavailable",
                        "this registry has no composer key, so it cannot sign releases; publish from the client"
                                + " (wreg compose … --publish) instead"));
    }
}
