package dev.wreg.server.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The start-up warning when compositions could take the heap the API needs (issue 20, memory). */
class CompositionHeapWarningTest {

    private static CompositionProperties with(int workers, DataSize maxMemory) {
        return new CompositionProperties(
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                3,
                workers,
                DataSize.ofMegabytes(16),
                new CompositionProperties.SmokeRunLimits(
                        Duration.ofSeconds(10), maxMemory, DataSize.ofMegabytes(1), 1000, 1_000_000),
                null,
                null);
    }

    @Test
    void warnsWhenTheSmokeRunsCouldTakeMoreThanHalfTheHeap() {
        long oneGiB = 1L << 30;
        assertThat(CompositionService.warnIfTheHeapIsTooSmall(with(1, DataSize.ofMegabytes(128)), oneGiB))
                .isFalse();
        assertThat(CompositionService.warnIfTheHeapIsTooSmall(with(3, DataSize.ofGigabytes(1)), oneGiB))
                .isTrue();
        assertThat(CompositionService.warnIfTheHeapIsTooSmall(with(4, DataSize.ofMegabytes(128)), 512L << 20))
                .isTrue();
    }
}
