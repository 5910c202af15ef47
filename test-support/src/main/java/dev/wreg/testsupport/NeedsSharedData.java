package dev.wreg.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class whose every test needs these parts of the shared data ({@link SharedData#require}
 * before anything of the class runs): the whole class skips with one line, or fails under
 * {@code -Dwreg.shared.required=true}. Needed where a look-up happens inside code that catches
 * exceptions (an {@code assertThatThrownBy} lambda would swallow the skip and fail instead).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsSharedData.Check.class)
public @interface NeedsSharedData {
    /** Paths relative to the shared data folder, e.g. {@code fixtures/wasm}. */
    String[] value();

    /** Looks every path up before the class's {@code @BeforeAll} methods. */
    final class Check implements BeforeAllCallback {
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
