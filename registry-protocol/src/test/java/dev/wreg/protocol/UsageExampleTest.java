package dev.wreg.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.OperatorEntry;
import dev.wreg.protocol.record.OperatorRecord;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedOperatorRecord;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage example of README.md, kept compiling and true. */
class UsageExampleTest {

    @Test
    void readmeExample() {
        PrivateKey operatorKey = PrivateKey.generateEd25519();
        PrivateKey owner = PrivateKey.generateEd25519();
        Instant now = Instant.now();
        OperatorState operator = OperatorState.empty(operatorKey.publicKey())
                .apply(SignedOperatorRecord.sign(
                        new OperatorRecord(
                                null, now, List.of(new OperatorEntry.Namespace("example", List.of(owner.publicKey())))),
                        operatorKey));

        PackageName pkg = PackageName.parse("example:hello");
        byte[] component = "\0asm\r\0\1\0".getBytes(StandardCharsets.ISO_8859_1);
        PackageRecord first = new PackageRecord(
                pkg,
                null,
                now,
                List.of(
                        new Entry.Init(owner.publicKey()),
                        new Entry.Release(Version.parse("1.0.0"), Digest.sha256(component), component.length)));
        SignedRecord signed = SignedRecord.sign(first, owner);
        byte[] wire = signed.envelope().toJson();

        PackageState state = PackageState.empty(pkg).apply(SignedRecord.of(Envelope.parse(wire)), operator);
        assertThat(state.latest()).contains(Version.parse("1.0.0"));
        assertThat(VersionReq.parse("^1.0").best(state.availableVersions())).contains(Version.parse("1.0.0"));
    }
}
