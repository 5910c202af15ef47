package dev.wreg.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every record submission ({@code POST /v1/packages/{pkg}/records}) from its first byte to
 * its answer, which comes only once the record is under a signed checkpoint: {@code
 * wreg_publish_seconds}, a percentile histogram (so p99 can be computed across replicas), tagged
 * with the status answered. {@code wreg_publish_in_flight} counts the submissions being served:
 * those waiting for the package's row lock or the log's writer are in it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6) // inside the rate limit: a refused request is not a publish
public class PublishTiming extends OncePerRequestFilter {

    private static final Pattern PUBLISH_PATH = Pattern.compile("/v1/packages/[^/]+/records");

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    public PublishTiming(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("wreg.publish.in.flight", inFlight);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !PUBLISH_PATH.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Timer.Sample sample = Timer.start(registry);
        inFlight.incrementAndGet();
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            inFlight.decrementAndGet();
            sample.stop(Timer.builder("wreg.publish")
                    .description("Record submissions, from request to answer (under a signed checkpoint)")
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }
}
