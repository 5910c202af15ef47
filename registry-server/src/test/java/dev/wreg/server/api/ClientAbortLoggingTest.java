package dev.wreg.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * Issue 20, defect 7: a client that closes the connection while the server answers (a cancelled
 * download) is not a server error: nothing is logged at ERROR and no stack trace is written, while
 * a real failure still is.
 */
class ClientAbortLoggingTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ProblemResponses.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
    }

    @Test
    void aClientThatWentAwayIsNoError() {
        ProblemResponses responses = new ProblemResponses();
        assertThat(responses.other(new ClientAbortException(new IOException("Broken pipe"))))
                .isNull();
        assertThat(responses.other(new AsyncRequestNotUsableException("ServletOutputStream failed to write")))
                .isNull();
        assertThat(responses.other(new IllegalStateException("wrapped", new ClientAbortException("reset"))))
                .isNull();
        assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(events.list).noneMatch(e -> e.getThrowableProxy() != null);
    }

    @Test
    void aRealFailureIsStillAnErrorWithItsStack() {
        var response = new ProblemResponses().other(new IllegalStateException("broken invariant"));
        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(events.list).anyMatch(e -> e.getLevel() == Level.ERROR && e.getThrowableProxy() != null);
    }
}
