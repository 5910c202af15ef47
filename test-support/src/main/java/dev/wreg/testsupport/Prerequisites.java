package dev.wreg.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The one rule for something a test needs from outside the repository (shared data, jco, Docker):
 * when it is missing the test is skipped, and the reason is printed once per test JVM as one line
 * (Surefire shows only counts for skips); when the flag {@code -D<flag>=true} is set (as
 * {@code .ci/run} does) the test fails instead, so a run that must check everything cannot pass
 * by skipping.
 */
public final class Prerequisites {
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private Prerequisites() {}

    /** Whether {@code -D<flag>=true} was given. */
    public static boolean required(String flag) {
        return Boolean.getBoolean(flag);
    }

    /**
     * Skips the calling test, or fails it when {@code flag} is set. Never returns; declared to
     * return an exception so that callers can write {@code throw Prerequisites.missing(…)}.
     *
     * @param line one line saying what is missing and how to provide it
     */
    public static RuntimeException missing(String flag, String line) {
        if (required(flag)) {
            throw new AssertionFailedError(line + " [required: -D" + flag + "=true]");
        }
        announce(line);
        throw new TestAbortedException(line);
    }

    /**
     * For an {@link ExecutionCondition} that found something missing: disabled with the line
     * (printed once), so the class's tests are counted as skipped; enabled under the flag, so that
     * the look-up that follows fails them.
     */
    public static ConditionEvaluationResult condition(String flag, String line) {
        if (required(flag)) {
            return ConditionEvaluationResult.enabled(line + " [required: -D" + flag + "=true]");
        }
        announce(line);
        return ConditionEvaluationResult.disabled(line);
    }

    /** Prints {@code SKIPPED: line}, once per test JVM. */
    public static void announce(String line) {
        if (ANNOUNCED.add(line)) {
            System.out.println("SKIPPED: " + line);
        }
    }
}
