package dev.wreg.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class whose every test compares with jco ({@link Jco}): without {@code WREG_JCO} the
 * class is disabled with one printed line (its tests counted as skipped); under
 * {@code -Dwreg.jco.required=true} it fails before anything of it runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsJco.Check.class)
public @interface NeedsJco {

    /** Disables the class without jco, or fails it under the flag. */
    final class Check implements ExecutionCondition, BeforeAllCallback {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Jco.missing()
                    .map(line -> Prerequisites.condition(Jco.REQUIRED, line))
                    .orElseGet(() -> ConditionEvaluationResult.enabled("WREG_JCO names jco"));
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            Jco.require();
        }
    }
}
