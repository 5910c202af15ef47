package dev.wreg.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositionRecordTest {

    static final Digest RESULT = Digest.sha256("result".getBytes(StandardCharsets.UTF_8));
    static final Digest SOCKET = Digest.sha256("socket".getBytes(StandardCharsets.UTF_8));
    static final Digest PLUG = Digest.sha256("plug".getBytes(StandardCharsets.UTF_8));

    static PackageRecord composed(Composition composition) {
        return new PackageRecord(
                PackageName.parse("example:composed"),
                null,
                Instant.parse("2026-11-25T10:00:00Z"),
                List.of(new Entry.Release(Version.parse("1.0.0"), RESULT, 42, composition)));
    }

    @Test
    void provenanceRoundTripsInProtocolKeyOrder() {
        Composition composition = new Composition(
                "plug",
                true,
                null,
                List.of(
                        new Composition.Input(
                                "socket", PackageName.parse("example:greeter"), Version.parse("1.2.0"), SOCKET),
                        new Composition.Input("plug", null, null, PLUG)));
        byte[] payload = composed(composition).toPayload();
        String json = new String(payload, StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"size\":42,\"composition\":{\"method\":\"plug\",\"transitive\":true,\"plan\":null,"
                        + "\"inputs\":[{\"role\":\"socket\",\"package\":\"example:greeter\",\"version\":\"1.2.0\","
                        + "\"content\":\"" + SOCKET + "\"},{\"role\":\"plug\",\"content\":\"" + PLUG + "\"}]}");
        PackageRecord parsed = PackageRecord.parsePayload(payload);
        Entry.Release release = (Entry.Release) parsed.entries().getFirst();
        assertThat(release.provenance()).contains(composition);
        assertThat(parsed.toPayload()).isEqualTo(payload);
    }

    @Test
    void aReleaseWithoutProvenanceIsWrittenAsBefore() {
        String json = new String(composed(null).toPayload(), StandardCharsets.UTF_8);
        assertThat(json).endsWith("\"content\":\"" + RESULT + "\",\"size\":42}]}");
    }

    @Test
    void planCompositionsNameThePlanDigest() {
        Composition composition =
                new Composition("plan", false, PLUG, List.of(new Composition.Input("dependency", null, null, SOCKET)));
        byte[] payload = composed(composition).toPayload();
        assertThat(((Entry.Release)
                                PackageRecord.parsePayload(payload).entries().getFirst())
                        .composition())
                .isEqualTo(composition);
        assertThatThrownBy(() -> new Composition("plan", false, null, composition.inputs()))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void malformedProvenanceIsRefused() {
        String base = "{\"package\":\"example:composed\",\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":"
                + "[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + RESULT + "\",\"size\":1,"
                + "\"composition\":";
        for (String bad : List.of(
                "{\"method\":\"plug\",\"transitive\":false,\"plan\":null,\"inputs\":[]}",
                "{\"method\":\"magic\",\"transitive\":false,\"plan\":null,\"inputs\":[{\"role\":\"socket\",\"content\":\""
                        + SOCKET + "\"}]}",
                "{\"method\":\"plug\",\"transitive\":false,\"plan\":null,\"extra\":1,\"inputs\":[{\"role\":\"socket\","
                        + "\"content\":\"" + SOCKET + "\"}]}",
                "{\"method\":\"plug\",\"transitive\":false,\"plan\":null,\"inputs\":[{\"role\":\"socket\","
                        + "\"package\":\"example:x\",\"content\":\"" + SOCKET + "\"}]}",
                "{\"method\":\"plug\",\"transitive\":false,\"plan\":null,\"inputs\":[{\"role\":\"boss\",\"content\":\""
                        + SOCKET + "\"}]}")) {
            byte[] payload = (base + bad + "}]}").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> PackageRecord.parsePayload(payload))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("malformed-record"));
        }
    }
}
