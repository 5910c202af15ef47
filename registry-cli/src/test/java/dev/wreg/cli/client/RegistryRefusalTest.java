package dev.wreg.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.cli.ExitCode;
import dev.wreg.protocol.api.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryRefusalTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "404, not-found, 3",
        "422, unknown-version, 3",
        "401, unauthenticated, 4",
        "403, forbidden, 4",
        "403, unauthorized, 4",
        "403, revoked-key, 4",
        "409, version-exists, 5",
        "409, name-conflict, 5",
        "409, stale-prev, 5",
        "409, conflict, 5",
        "403, too-many-pending-uploads, 5",
        "400, blob-reclaimed, 5",
        "400, bad-signature, 6",
        "422, digest-mismatch, 6",
        "400, invalid-name, 2",
        "400, invalid-version, 2",
        "400, malformed-record, 2",
        "422, not-a-component, 2",
        "413, payload-too-large, 2",
        "415, unsupported-media-type, 2",
        "503, storage-unavailable, 7",
        // Unknown codes fall back to the status.
        "400, something-new, 2",
        "401, something-new, 4",
        "404, something-new, 3",
        "409, something-new, 5",
        "429, something-new, 7",
        "502, something-new, 7",
        "418, something-new, 1"
    })
    void codesMapToExitCodes(int status, String code, int exitCode) {
        assertThat(RegistryRefusal.of(status, code, null).exitCode()).isEqualTo(exitCode);
    }

    @Test
    void aProblemWithoutBodyStillMapsByStatus() {
        assertThat(RegistryRefusal.ofStatus(500).exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
    }

    @Test
    void theMessageSaysWhatAndWhere() {
        RegistryRefusal problem =
                new RegistryRefusal(Problem.of(403, "forbidden", "this token lacks the 'yank' scope"));
        assertThat(problem.message("yanking example:hello@1.0.0"))
                .isEqualTo("yanking example:hello@1.0.0: this token lacks the 'yank' scope (forbidden, HTTP 403)");
        assertThat(new RegistryRefusal(new Problem(null, "Unauthorized", 401, null, "unauthenticated"))
                        .message("publishing"))
                .startsWith("publishing: Unauthorized (unauthenticated, HTTP 401)")
                .contains("wreg login --token-stdin");
    }
}
