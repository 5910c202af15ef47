package dev.wreg.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid verdicts remembered by digest: per validator build, rebuilt when damaged, whole under concurrency. */
class ValidVerdictsTest {
    private static final byte[] COMPONENT = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};

    @Test
    void aRememberedVerdictIsKnownToTheSameValidatorOnly(@TempDir Path dir) {
        ValidVerdicts build1 = new ValidVerdicts(dir, "validator 1");
        assertThat(build1.knownValid(COMPONENT)).isFalse();
        build1.rememberValid(COMPONENT);
        assertThat(build1.knownValid(COMPONENT)).isTrue();
        assertThat(new ValidVerdicts(dir, "validator 1").knownValid(COMPONENT)).isTrue();
        assertThat(new ValidVerdicts(dir, "validator 2").knownValid(COMPONENT)).isFalse();
        assertThat(build1.knownValid(new byte[] {1, 2, 3})).isFalse();
    }

    @Test
    void aDamagedVerdictCountsAsAbsentAndIsRewritten(@TempDir Path dir) throws Exception {
        ValidVerdicts v = new ValidVerdicts(dir, "validator 1");
        v.rememberValid(COMPONENT);
        Files.writeString(v.file(COMPONENT), "validator 1 and some garbage");
        assertThat(v.knownValid(COMPONENT)).isFalse();
        Files.write(v.file(COMPONENT), new byte[0]);
        assertThat(v.knownValid(COMPONENT)).isFalse();
        v.rememberValid(COMPONENT);
        assertThat(v.knownValid(COMPONENT)).isTrue();
    }

    @Test
    void concurrentWritersLeaveOneWholeVerdict(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                done.add(pool.submit(() -> {
                    ValidVerdicts v = new ValidVerdicts(dir, "validator 1");
                    v.rememberValid(COMPONENT);
                    return v.knownValid(COMPONENT);
                }));
            }
            for (Future<Boolean> f : done) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).as("no temporary files left").hasSize(1);
        }
    }
}
