package dev.wreg.server.config;

import java.io.PrintStream;
import java.util.Optional;
import org.springframework.boot.SpringBootExceptionReporter;

/**
 * Reports a start-up failure caused by a {@link CannotStartException} as one line {@code
 * wreg-server: …} on standard error, in place of Spring's stack trace: the operator needs the
 * reason, not the beans that were being created. Other failures keep Spring's report. Registered in
 * {@code META-INF/spring.factories}.
 */
public class OneLineStartFailureReporter implements SpringBootExceptionReporter {

    private final PrintStream err;

    public OneLineStartFailureReporter() {
        this(System.err);
    }

    OneLineStartFailureReporter(PrintStream err) {
        this.err = err;
    }

    @Override
    public boolean reportException(Throwable failure) {
        Optional<CannotStartException> reason = reasonOf(failure);
        reason.ifPresent(e -> err.println("wreg-server: " + e.getMessage()));
        return reason.isPresent();
    }

    static Optional<CannotStartException> reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotStartException reason) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
