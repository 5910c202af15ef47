package dev.wreg.bench;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One package's chain of signed records as a load benchmark publishes it: the init record, then
 * a release per publish (upload the blob, sign the next record, submit it). Not thread-safe: one
 * client thread per package.
 */
final class PackagePublisher {

    private final BenchRegistry registry;
    private final PackageName pkg;
    private final PrivateKey key;
    private Digest head;
    private Instant lastTime = Instant.EPOCH;
    private int nextPatch;

    PackagePublisher(BenchRegistry registry, PackageName pkg, PrivateKey key) {
        this.registry = registry;
        this.pkg = pkg;
        this.key = key;
    }

    PackageName name() {
        return pkg;
    }

    /** The package's first record, naming {@code key} as its owner. */
    void init() throws Exception {
        submit(List.of(new Entry.Init(key.publicKey())));
    }

    /** Publishes the next patch version of a small, distinct, real component. */
    void publishNext() throws Exception {
        publish(syntheticComponent());
    }

    /** Publishes {@code component} as the next patch version (1.0.0, 1.0.1, …); returns its digest. */
    Digest publish(byte[] component) throws Exception {
        Digest digest = Digest.sha256(component);
        registry.put("/v1/blobs/" + digest, "application/wasm", component);
        Version version = Version.parse("1.0." + nextPatch++);
        submit(List.of(new Entry.Release(version, digest, component.length)));
        return digest;
    }

    private void submit(List<Entry> entries) throws Exception {
        // Record times are whole seconds in RFC 3339; keep them monotonic per package.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        lastTime = now.isBefore(lastTime) ? lastTime : now;
        PackageRecord record = new PackageRecord(pkg, head, lastTime, entries);
        byte[] payload = record.toPayload();
        Envelope envelope = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, payload, key);
        registry.postJson("/v1/packages/" + pkg + "/records", envelope.toJson(), 201);
        head = Digest.sha256(payload);
    }

    /** A small, distinct, real component: the preamble of an empty component plus a custom section. */
    static byte[] syntheticComponent() {
        byte[] noise = new byte[64];
        ThreadLocalRandom.current().nextBytes(noise);
        byte[] name = "bench".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[8 + 2 + 1 + name.length + noise.length];
        byte[] preamble = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
        System.arraycopy(preamble, 0, out, 0, 8);
        out[8] = 0x00; // custom section
        out[9] = (byte) (1 + name.length + noise.length); // < 128: one LEB128 byte
        out[10] = (byte) name.length;
        System.arraycopy(name, 0, out, 11, name.length);
        System.arraycopy(noise, 0, out, 11 + name.length, noise.length);
        return out;
    }
}
