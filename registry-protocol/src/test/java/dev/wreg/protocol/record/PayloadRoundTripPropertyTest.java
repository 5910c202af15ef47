package dev.wreg.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random records survive payload and envelope round trips byte for byte. */
class PayloadRoundTripPropertyTest {

    static final List<PublicKey> KEYS = List.of(
            PrivateKey.generateEd25519().publicKey(),
            PrivateKey.generateEcdsaP256().publicKey());
    static final PrivateKey SIGNER = PrivateKey.generateEd25519();

    @Provide
    Arbitrary<PackageRecord> records() {
        Arbitrary<Version> version = Combinators.combine(
                        Arbitraries.longs().between(0, 20),
                        Arbitraries.longs().between(0, 20),
                        Arbitraries.longs().between(0, Long.MAX_VALUE),
                        Arbitraries.of(List.<String>of(), List.of("rc", "1"), List.of("alpha-2")),
                        Arbitraries.of(List.<String>of(), List.of("build", "007")))
                .as(Version::new);
        Arbitrary<Digest> digest =
                Arbitraries.strings().ofMaxLength(8).map(s -> Digest.sha256(s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40); // any Unicode, controls included
        Arbitrary<Set<Permission>> permissions =
                Arbitraries.of(Permission.class).set().ofMinSize(1);
        Arbitrary<PublicKey> key = Arbitraries.of(KEYS);
        Arbitrary<Entry> entry = Arbitraries.oneOf(
                key.map(Entry.Init::new),
                Combinators.combine(key, permissions).as(Entry.Grant::new),
                Combinators.combine(key.map(PublicKey::keyId), permissions).as(Entry.Revoke::new),
                Combinators.combine(version, digest, Arbitraries.longs().greaterOrEqual(0))
                        .as(Entry.Release::new),
                Combinators.combine(version, text).as(Entry.Yank::new),
                version.map(Entry.Unyank::new),
                Combinators.combine(version, text).as(Entry.Deprecate::new));
        Arbitrary<Instant> time = Combinators.combine(
                        Arbitraries.longs().between(0, 253402300799L),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        return Combinators.combine(
                        Arbitraries.of("example:hello", "a:b", "my-org:http-client2")
                                .map(PackageName::parse),
                        Arbitraries.oneOf(Arbitraries.just(null), digest),
                        time,
                        entry.list().ofMinSize(1).ofMaxSize(6))
                .as(PackageRecord::new);
    }

    @Property(tries = 300)
    void payloadsRoundTrip(@ForAll("records") PackageRecord record) {
        byte[] payload = record.toPayload();
        PackageRecord parsed = PackageRecord.parsePayload(payload);
        assertThat(parsed).isEqualTo(record);
        assertThat(parsed.toPayload()).isEqualTo(payload);
    }

    @Property(tries = 100)
    void signedEnvelopesRoundTrip(@ForAll("records") PackageRecord record) {
        SignedRecord signed = SignedRecord.sign(record, SIGNER);
        SignedRecord back = SignedRecord.of(Envelope.parse(signed.envelope().toJson()));
        assertThat(back).isEqualTo(signed);
        assertThat(back.envelope().verifiedBy(SIGNER.publicKey())).isTrue();
    }

    @Property(tries = 300)
    void arbitraryBytesAreRefusedCleanly(@ForAll byte[] bytes) {
        try {
            PackageRecord.parsePayload(bytes);
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo("malformed-record");
        }
    }
}
