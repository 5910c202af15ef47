package dev.wreg.server.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.refusal.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class AfterCommitTest {

    private final List<Long> pauses = new ArrayList<>();

    @Test
    void aReadThatMeetsAPoolTimeoutIsTriedAgainUntilTheDatabaseAnswers() {
        AtomicInteger tries = new AtomicInteger();
        String answer = AfterCommit.read(
                "sha256:abc",
                () -> {
                    if (tries.incrementAndGet() < 3) {
                        throw new CannotGetJdbcConnectionException("connection is not available, request timed out");
                    }
                    return "proof";
                },
                Duration.ofSeconds(5),
                pauses::add);
        assertThat(answer).isEqualTo("proof");
        assertThat(tries).hasValue(3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aDatabaseThatStaysAwaySaysTheRecordIsInTheLog() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> AfterCommit.read(
                        "sha256:abc",
                        () -> {
                            tries.incrementAndGet();
                            throw new CannotGetJdbcConnectionException("connection is not available");
                        },
                        Duration.ofSeconds(1),
                        pauses::add))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                    assertThat(refusal.code()).isEqualTo(ProblemCodes.DATABASE_UNAVAILABLE);
                    assertThat(refusal.getMessage())
                            .contains("sha256:abc was accepted and is in the log")
                            .contains("submit the same envelope again")
                            .doesNotContain("nothing was changed");
                });
        assertThat(tries).hasValue(5);
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> AfterCommit.read(
                        "sha256:abc",
                        () -> {
                            tries.incrementAndGet();
                            throw new IllegalStateException("a bug");
                        },
                        Duration.ofSeconds(5),
                        pauses::add))
                .isInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(1);
        assertThat(pauses).isEmpty();
    }
}
