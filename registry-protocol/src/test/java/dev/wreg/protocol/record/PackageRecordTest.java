package dev.wreg.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageRecordTest {

    static final PublicKey KEY = PublicKey.parse("ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
    static final Digest CONTENT =
            Digest.parse("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    static final Instant TIME = Instant.parse("2026-11-25T10:00:00Z");

    static PackageRecord everyEntryType() {
        Version v = Version.parse("1.0.0-rc.1+build.5");
        return new PackageRecord(
                PackageName.parse("example:hello"),
                CONTENT,
                TIME,
                List.of(
                        new Entry.Init(KEY),
                        new Entry.Grant(KEY, EnumSet.of(Permission.YANK, Permission.RELEASE)),
                        new Entry.Revoke(KEY.keyId(), Set.of(Permission.GRANT)),
                        new Entry.Release(v, CONTENT, 123),
                        new Entry.Yank(v, "broken \"quotes\" and ünïcode"),
                        new Entry.Unyank(v),
                        new Entry.Deprecate(v, "use 2.x")));
    }

    @Test
    void writesTheDocumentedJsonExactly() {
        PackageRecord record = new PackageRecord(
                PackageName.parse("example:hello"),
                null,
                TIME,
                List.of(new Entry.Init(KEY), new Entry.Release(Version.parse("1.0.0"), CONTENT, 42)));
        assertThat(new String(record.toPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"package\":\"example:hello\",\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\","
                        + "\"entries\":[{\"type\":\"init\",\"key\":\"" + KEY.text() + "\"},"
                        + "{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + CONTENT + "\",\"size\":42}]}");
    }

    @Test
    void everyEntryTypeRoundTrips() {
        PackageRecord record = everyEntryType();
        byte[] payload = record.toPayload();
        assertThat(PackageRecord.parsePayload(payload)).isEqualTo(record);
        assertThat(PackageRecord.parsePayload(payload).toPayload()).isEqualTo(payload);
        String json = new String(payload, StandardCharsets.UTF_8);
        assertThat(json)
                .contains("{\"type\":\"grant\",\"key\":\"" + KEY.text() + "\",\"permissions\":[\"release\",\"yank\"]}")
                .contains("{\"type\":\"revoke\",\"keyId\":\"" + KEY.keyId() + "\",\"permissions\":[\"grant\"]}")
                .contains("{\"type\":\"yank\",\"version\":\"1.0.0-rc.1+build.5\",\"reason\":")
                .contains("{\"type\":\"unyank\",\"version\":\"1.0.0-rc.1+build.5\"}")
                .contains("{\"type\":\"deprecate\",\"version\":\"1.0.0-rc.1+build.5\",\"message\":\"use 2.x\"}");
    }

    @Test
    void refusesTimesRfc3339CannotWrite() {
        assertThatThrownBy(() -> new PackageRecord(
                        PackageName.parse("a:b"),
                        null,
                        Instant.parse("+10000-01-01T00:00:00Z"),
                        List.of(new Entry.Init(KEY))))
                .hasFieldOrPropertyWithValue("code", "malformed-record");
        assertThatThrownBy(() -> new OperatorRecord(
                        null,
                        Instant.parse("-0001-01-01T00:00:00Z"),
                        List.of(new OperatorEntry.Namespace("a", List.of(KEY)))))
                .hasFieldOrPropertyWithValue("code", "malformed-record");
    }

    @Test
    void subSecondTimesRoundTrip() {
        PackageRecord record = new PackageRecord(
                PackageName.parse("a:b"),
                null,
                Instant.parse("2026-11-25T10:00:00.123456789Z"),
                List.of(new Entry.Init(KEY)));
        assertThat(PackageRecord.parsePayload(record.toPayload())).isEqualTo(record);
    }

    static final String HEAD = "{\"package\":\"example:hello\",\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",";
    static final String INIT = "{\"type\":\"init\",\"key\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"}";
    static final String DIGEST = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @ParameterizedTest
    @ValueSource(
            strings = {
                HEAD + "\"entries\":[" + INIT + "],\"extra\":true}",
                HEAD + "\"entries\":[" + INIT + "],\"entries\":[" + INIT + "]}",
                HEAD + "\"entries\":[]}",
                HEAD + "\"entries\":{}}",
                HEAD + "\"entries\":[" + INIT + "]} x",
                "{\"package\":\"example:hello\",\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[" + INIT + "]}",
                "{\"package\":\"Example:hello\",\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[" + INIT
                        + "]}",
                "{\"package\":\"example:hello\",\"prev\":\"sha256:00\",\"time\":\"2026-11-25T10:00:00Z\",\"entries\":["
                        + INIT + "]}",
                "{\"package\":\"example:hello\",\"prev\":null,\"time\":\"2026-11-25T11:00:00+01:00\",\"entries\":["
                        + INIT + "]}",
                "{\"package\":\"example:hello\",\"prev\":null,\"time\":\"2026-11-25 10:00:00Z\",\"entries\":[" + INIT
                        + "]}",
                "{\"package\":\"example:hello\",\"prev\":null,\"time\":\"2026-11-25t10:00:00z\",\"entries\":[" + INIT
                        + "]}",
                "{\"package\":\"example:hello\",\"prev\":null,\"time\":\"2026-02-30T10:00:00Z\",\"entries\":[" + INIT
                        + "]}",
                "{\"package\":\"example:hello\",\"prev\":null,\"time\":1764064800,\"entries\":[" + INIT + "]}",
                HEAD + "\"entries\":[{\"type\":\"init\",\"key\":\"ed25519:AAAA\"}]}",
                HEAD
                        + "\"entries\":[{\"type\":\"init\",\"key\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\"x\":1}]}",
                HEAD + "\"entries\":[{\"type\":\"publish\",\"version\":\"1.0.0\"}]}",
                HEAD + "\"entries\":[{\"version\":\"1.0.0\"}]}",
                HEAD + "\"entries\":[\"init\"]}",
                HEAD + "\"entries\":[{\"type\":\"release\",\"version\":\"01.0.0\",\"content\":\"" + DIGEST
                        + "\",\"size\":1}]}",
                HEAD + "\"entries\":[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + DIGEST
                        + "\",\"size\":\"1\"}]}",
                HEAD + "\"entries\":[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + DIGEST
                        + "\",\"size\":-1}]}",
                HEAD + "\"entries\":[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + DIGEST
                        + "\",\"size\":1.5}]}",
                HEAD + "\"entries\":[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + DIGEST
                        + "\",\"size\":1e3}]}",
                HEAD + "\"entries\":[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + DIGEST
                        + "\",\"size\":99999999999999999999}]}",
                HEAD
                        + "\"entries\":[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"sha256:AB\",\"size\":1}]}",
                HEAD + "\"entries\":[{\"type\":\"release\",\"version\":\"1.0.0\",\"content\":\"" + DIGEST + "\"}]}",
                HEAD
                        + "\"entries\":[{\"type\":\"grant\",\"key\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\"permissions\":[]}]}",
                HEAD
                        + "\"entries\":[{\"type\":\"grant\",\"key\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\"permissions\":[\"admin\"]}]}",
                HEAD
                        + "\"entries\":[{\"type\":\"grant\",\"key\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\"permissions\":[\"yank\",\"yank\"]}]}",
                HEAD
                        + "\"entries\":[{\"type\":\"grant\",\"key\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\"permissions\":[\"RELEASE\"]}]}",
                HEAD
                        + "\"entries\":[{\"type\":\"revoke\",\"keyId\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\"permissions\":[\"yank\"]}]}",
                HEAD + "\"entries\":[{\"type\":\"yank\",\"version\":\"1.0.0\"}]}",
                HEAD + "\"entries\":[{\"type\":\"yank\",\"version\":\"1.0.0\",\"reason\":null}]}",
                HEAD + "\"entries\":[{\"type\":\"deprecate\",\"version\":\"1.0.0\",\"message\":[]}]}",
                "[]",
                "not json",
                ""
            })
    void parsingIsStrict(String json) {
        assertThatThrownBy(() -> PackageRecord.parsePayload(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("code", "malformed-record");
    }

    @Test
    void acceptsFieldsInAnyOrderButWritesThemInProtocolOrder() {
        String json = "{\"entries\":[" + INIT + "],\"time\":\"2026-11-25T10:00:00Z\",\"prev\":null,"
                + "\"package\":\"example:hello\"}";
        PackageRecord record = PackageRecord.parsePayload(json.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(record.toPayload(), StandardCharsets.UTF_8))
                .isEqualTo(HEAD + "\"entries\":[" + INIT + "]}");
    }

    @Test
    void acceptsOnlyUtf8() {
        byte[] utf16 = (HEAD + "\"entries\":[" + INIT + "]}").getBytes(StandardCharsets.UTF_16);
        assertThatThrownBy(() -> PackageRecord.parsePayload(utf16))
                .hasFieldOrPropertyWithValue("code", "malformed-record");
        byte[] utf8 = (HEAD + "\"entries\":[" + INIT + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertThatThrownBy(() -> PackageRecord.parsePayload(withBom))
                .hasFieldOrPropertyWithValue("code", "malformed-record");
        // An encoded surrogate (CESU-8) is not UTF-8.
        byte[] cesu = (HEAD + "\"entries\":[{\"type\":\"yank\",\"version\":\"1.0.0\",\"reason\":\"XXX\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String asText = new String(cesu, StandardCharsets.ISO_8859_1);
        int at = asText.indexOf("XXX");
        cesu[at] = (byte) 0xED;
        cesu[at + 1] = (byte) 0xA0;
        cesu[at + 2] = (byte) 0x80;
        assertThatThrownBy(() -> PackageRecord.parsePayload(cesu))
                .hasFieldOrPropertyWithValue("code", "malformed-record");
        assertThat(PackageRecord.parsePayload(utf8).pkg()).isEqualTo(PackageName.parse("example:hello"));
    }

    @Test
    void capsThePayloadAt64KiB() {
        String padding = "x".repeat(PackageRecord.MAX_PAYLOAD_BYTES);
        String json = HEAD + "\"entries\":[{\"type\":\"yank\",\"version\":\"1.0.0\",\"reason\":\"" + padding + "\"}]}";
        assertThatThrownBy(() -> PackageRecord.parsePayload(json.getBytes(StandardCharsets.UTF_8)))
                .hasFieldOrPropertyWithValue("code", "malformed-record")
                .hasMessageContaining("larger than");
        PackageRecord big = new PackageRecord(
                PackageName.parse("a:b"), null, TIME, List.of(new Entry.Yank(Version.parse("1.0.0"), padding)));
        assertThatThrownBy(big::toPayload).hasFieldOrPropertyWithValue("code", "malformed-record");
    }

    @Test
    void signedRecordIdIsTheSha256OfThePayload() {
        PrivateKey key = PrivateKey.generateEd25519();
        PackageRecord record = everyEntryType();
        SignedRecord signed = SignedRecord.sign(record, key);
        assertThat(signed.id()).isEqualTo(Digest.sha256(record.toPayload()));
        assertThat(signed.record()).isEqualTo(record);
        assertThat(SignedRecord.of(Envelope.parse(signed.envelope().toJson()))).isEqualTo(signed);
    }

    @Test
    void signedRecordRefusesOtherPayloadTypesAndMismatchedParts() {
        PrivateKey key = PrivateKey.generateEd25519();
        byte[] payload = everyEntryType().toPayload();
        Envelope wrongType = Envelope.sign("application/json", payload, key);
        assertThatThrownBy(() -> SignedRecord.of(wrongType)).hasFieldOrPropertyWithValue("code", "malformed-record");
        Envelope env = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, payload, key);
        PackageRecord other = new PackageRecord(PackageName.parse("a:b"), null, TIME, List.of(new Entry.Init(KEY)));
        assertThatThrownBy(() -> new SignedRecord(env, other, Digest.sha256(payload)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignedRecord(env, everyEntryType(), CONTENT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void operatorRecordsRoundTrip() {
        OperatorRecord record = new OperatorRecord(
                null,
                TIME,
                List.of(new OperatorEntry.Namespace(
                        "example", List.of(KEY, PrivateKey.generateEcdsaP256().publicKey()))));
        byte[] payload = record.toPayload();
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .startsWith("{\"operator\":true,\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":"
                        + "[{\"type\":\"namespace\",\"namespace\":\"example\",\"owners\":[\"" + KEY.text() + "\",");
        assertThat(OperatorRecord.parsePayload(payload)).isEqualTo(record);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"operator\":false,\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[{\"type\":\"namespace\",\"namespace\":\"example\",\"owners\":[\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"]}]}",
                "{\"operator\":true,\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[{\"type\":\"namespace\",\"namespace\":\"Example\",\"owners\":[\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"]}]}",
                "{\"operator\":true,\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[{\"type\":\"namespace\",\"namespace\":\"example\",\"owners\":[]}]}",
                "{\"operator\":true,\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[{\"type\":\"namespace\",\"namespace\":\"example\",\"owners\":[\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"]}]}",
                "{\"operator\":true,\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[{\"type\":\"delete\",\"namespace\":\"example\"}]}",
                "{\"package\":\"example:hello\",\"prev\":null,\"time\":\"2026-11-25T10:00:00Z\",\"entries\":[{\"type\":\"init\",\"key\":\"ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"}]}"
            })
    void operatorParsingIsStrict(String json) {
        assertThatThrownBy(() -> OperatorRecord.parsePayload(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("code", "malformed-record");
    }
}
