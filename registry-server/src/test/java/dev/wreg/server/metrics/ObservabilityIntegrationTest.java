package dev.wreg.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.log.SignerHealth;
import dev.wreg.server.support.RegistryIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.support.TransactionTemplate;

/** The Prometheus endpoint after real publishes, and the readiness group. */
class ObservabilityIntegrationTest extends RegistryIntegrationTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? (\\S+)$");

    @Autowired
    private HealthEndpointGroups healthGroups;

    @Autowired
    private SignerHealth signerHealth;

    @Autowired
    private TransactionTemplate transaction;

    record Sample(String name, String labels, double value) {}

    private List<Sample> scrape() {
        HttpResponse<byte[]> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : text(response).split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                samples.add(
                        new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
            }
        }
        return samples;
    }

    private static double value(List<Sample> samples, String name, String labelPart) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().contains(labelPart))
                .mapToDouble(Sample::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " " + labelPart + " in the scrape"));
    }

    @Test
    void aScrapeAfterAPublishShowsEveryRegistryMetricWithPlausibleValues() throws Exception {
        PrivateKey owner = PrivateKey.generateEd25519();
        String namespace = uniqueNamespace();
        claim(namespace, owner);
        PackageName pkg = new PackageName(namespace, "metered");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        byte[] bytes = component("metered v1");
        Digest content = upload(bytes);
        SignedRecord release =
                record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length));
        accept(pkg, release);
        long signedSize = jdbc.queryForObject("SELECT max(tree_size) FROM log_checkpoints", Long.class);
        // The state gauges read a snapshot at most two seconds old.
        Thread.sleep(LogGauges.MAX_AGE.toMillis() + 100);

        List<Sample> samples = scrape();

        assertThat(value(samples, "wreg_publish_seconds_count", "status=\"201\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(samples, "wreg_publish_seconds_sum", "status=\"201\"")).isGreaterThan(0);
        // A percentile histogram: buckets to compute p99 from, the last one counting every publish.
        assertThat(samples.stream()
                        .filter(s -> s.name().equals("wreg_publish_seconds_bucket")
                                && s.labels().contains("status=\"201\""))
                        .count())
                .isGreaterThan(10);
        assertThat(value(samples, "wreg_publish_seconds_bucket", "le=\"+Inf\""))
                .isEqualTo(value(samples, "wreg_publish_seconds_count", "status=\"201\""));
        assertThat(value(samples, "wreg_publish_in_flight", "")).isZero();

        assertThat(value(samples, "wreg_log_size", ""))
                .isGreaterThanOrEqualTo(signedSize)
                .isGreaterThanOrEqualTo(2);
        assertThat(value(samples, "wreg_checkpoint_age_seconds", "")).isBetween(0.0, 600.0);
        assertThat(value(samples, "wreg_sequencer_pending_entries", "")).isZero();
        assertThat(value(samples, "wreg_sequencer_lag_seconds", "")).isZero();
        assertThat(value(samples, "wreg_composition_queue_depth", "")).isGreaterThanOrEqualTo(0);
        for (String operation : List.of("put", "open", "stat", "putObject", "getObject", "replaceObject")) {
            assertThat(value(samples, "wreg_blobstore_errors_total", "operation=\"" + operation + "\""))
                    .isGreaterThanOrEqualTo(0);
        }
        assertThat(value(samples, "wreg_rate_limited_total", "bucket=\"anonymous\""))
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void eachWitnessCosignatureAgeIsReadFromItsNewestCosignature() {
        // A cosignature row inserted and rolled back, so the log served to other tests never shows it.
        transaction.executeWithoutResult(status -> {
            long size = jdbc.queryForObject("SELECT max(tree_size) FROM log_checkpoints", Long.class);
            Instant received = Instant.now().minusSeconds(90);
            jdbc.update(
                    "INSERT INTO log_cosignatures (tree_size, witness, signatures, received_at) VALUES (?, ?, ?, ?)",
                    size,
                    "metrics-witness",
                    "— metrics-witness AAAA\n",
                    Timestamp.from(received));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            new LogGauges(jdbc, Clock.systemUTC(), List.of("metrics-witness", "silent-witness")).bindTo(meters);

            assertThat(meters.get("wreg.witness.cosignature.age")
                            .tag("witness", "metrics-witness")
                            .gauge()
                            .value())
                    .isCloseTo(90.0, within(30.0));
            assertThat(meters.get("wreg.witness.cosignature.age")
                            .tag("witness", "silent-witness")
                            .gauge()
                            .value())
                    .isNaN();
            assertThat(meters.get("wreg.log.size").gauge().value()).isEqualTo((double) size);
            status.setRollbackOnly();
        });
    }

    @Test
    void readinessChecksTheDatabaseTheBlobStoreAndTheSigner() {
        HttpResponse<byte[]> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness).path("status").asString()).isEqualTo("UP");
        var group = healthGroups.get("readiness");
        assertThat(List.of("db", "blobStore", "signer")).allMatch(group::isMember);
        assertThat(signerHealth.health().getStatus()).isEqualTo(Status.UP);
    }
}
