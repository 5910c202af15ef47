package dev.wreg.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class whose every test needs these parts of the shared data ({@link SharedData#require}
 * before anything of the class runs): the whole class skips with one line, or fails under
 * {@code -Dwreg.shared.required=true}. Needed where a look-up happens inside code that catches
 * exceptions (an {@code assertThatThrownBy} lambda would swallow the skip and fail instead).
 *
 * <p>jqwik does not run JUnit Jupiter extensions: a jqwik class or property adds
 * {@code @AddLifecycleHook(NeedsSharedData.PropertyHook.class)} next to this annotation, which
 * skips it quietly (an abort inside a property would print jqwik's whole report for each).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsSharedData.Check.class)
public @interface NeedsSharedData {
    /** Paths relative to the shared data folder, e.g. {@code fixtures/wasm}. */
    String[] value();

    /** For jqwik: skips the annotated container or property when a path is missing (never under the flag). */
    final class PropertyHook implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            NeedsSharedData needs =
                    context.findAnnotation(NeedsSharedData.class).orElse(null);
            if (needs == null || Prerequisites.required(SharedData.REQUIRED)) {
                // required: the look-up in the property fails it
                return SkipResult.doNotSkip();
            }
            for (String relative : needs.value()) {
                var line = SharedData.missing(relative);
                if (line.isPresent()) {
                    Prerequisites.announce(line.get());
                    return SkipResult.skip(line.get());
                }
            }
            return SkipResult.doNotSkip();
        }
    }

    /**
     * Disables the class when a path is missing (so Surefire counts its tests as skipped, which an
     * abort in {@code @BeforeAll} would hide), printing the one line; under the flag it stays
     * enabled and the look-up before the class fails it.
     */
    final class Check implements ExecutionCondition, BeforeAllCallback {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            NeedsSharedData needs = context.getTestClass()
                    .map(c -> c.getAnnotation(NeedsSharedData.class))
                    .orElse(null);
            if (needs == null) {
                return ConditionEvaluationResult.enabled("needs no shared data");
            }
            for (String relative : needs.value()) {
                var line = SharedData.missing(relative);
                if (line.isPresent()) {
                    return Prerequisites.condition(SharedData.REQUIRED, line.get());
                }
            }
            return ConditionEvaluationResult.enabled("the shared data is there");
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            NeedsSharedData needs = context.getRequiredTestClass().getAnnotation(NeedsSharedData.class);
            if (needs != null) {
                for (String relative : needs.value()) {
                    SharedData.require(relative);
                }
            }
        }
    }
}
