package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Counts cases of one vector set and prints {@code N passed, N failed} as the runners must. */
final class VectorTally {
    private final String set;
    private int passed;
    private final List<String> failures = new ArrayList<>();

    VectorTally(String set) {
        this.set = set;
    }

    void check(String caseName, boolean ok, String detail) {
        if (ok) {
            passed++;
        } else {
            failures.add(caseName + ": " + detail);
        }
    }

    /** Runs a case that must succeed (wantErr false) or fail with a LogException (wantErr true). */
    void expect(String caseName, boolean wantErr, Runnable body) {
        try {
            body.run();
            check(caseName, !wantErr, "accepted, but an error was expected");
        } catch (LogException e) {
            check(caseName, wantErr, "rejected (" + e.code() + ": " + e.getMessage() + "), but it should pass");
        }
    }

    void finish() {
        System.out.println("[tlog-vectors] " + set + ": " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("[tlog-vectors]   FAILED " + f));
        assertThat(failures).as(set).isEmpty();
        assertThat(passed).as(set + " ran no case").isPositive();
    }
}
