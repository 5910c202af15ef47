package dev.wreg.server.ratelimit;

import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.api.ProblemResponses;
import dev.wreg.server.api.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits how fast each client may call the registry ({@link RateLimitProperties}): a request with
 * a bearer token spends from that token's bucket, one without from its address's bucket, and a
 * record submission also from a publish bucket. A request past its limit is answered 429
 * {@code too-many-requests} with {@code Retry-After} before anything else runs.
 *
 * <p>Tokens are not looked up here (that would cost a query per request); instead a request the
 * registry answers 401 is charged to its address afterwards, and an address that failed more
 * than a burst of times lately may not try more tokens until it has paid that off, so guessing
 * tokens is as slow as anonymous use.
 *
 * <p>The actuator (health probes, metrics scrapes) is never limited.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5) // after RequestIds and the header limit
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private static final Pattern PUBLISH_PATH = Pattern.compile("/v1/packages/[^/]+/records");
    private static final String BEARER = "Bearer ";

    private final JsonMapper json;
    private final Map<String, Counter> refused;
    private volatile Limiters limiters;

    public RateLimitFilter(RateLimitProperties properties, JsonMapper json, MeterRegistry meters) {
        this.json = json;
        this.refused = Map.of(
                "anonymous", refusedCounter(meters, "anonymous"),
                "authenticated", refusedCounter(meters, "authenticated"),
                "publish", refusedCounter(meters, "publish"));
        configure(properties);
    }

    private static Counter refusedCounter(MeterRegistry meters, String bucket) {
        return Counter.builder("wreg.rate.limited")
                .description("Requests refused with 429 by a rate limit, by the kind of bucket that was empty")
                .tag("bucket", bucket)
                .register(meters);
    }

    /** Puts {@code properties} in force with fresh buckets (at start; tests change it to try limits). */
    public void configure(RateLimitProperties properties) {
        this.limiters = new Limiters(properties);
    }

    /** The limits in force. */
    public RateLimitProperties properties() {
        return limiters.properties();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        Limiters current = limiters;
        return !current.properties().enabled()
                || request.getRequestURI().startsWith("/actuator/")
                || (!current.properties().loopback() && isLoopback(request.getRemoteAddr()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limiters current = limiters;
        String address = "a:" + request.getRemoteAddr();
        String token = bearerToken(request);
        String client = token == null ? address : "t:" + sha256(token);
        long wait;
        String bucket;
        if (token == null) {
            bucket = "anonymous";
            wait = current.anonymous().take(address);
        } else if (current.anonymous().inDebt(address)) {
            // Too many wrong tokens from this address lately: no more guesses until that is paid off.
            bucket = "anonymous";
            wait = current.anonymous().take(address);
        } else {
            bucket = "authenticated";
            wait = current.authenticated().take(client);
        }
        if (wait == 0
                && "POST".equals(request.getMethod())
                && PUBLISH_PATH.matcher(request.getRequestURI()).matches()) {
            bucket = "publish";
            wait = current.publish().take(client);
        }
        if (wait > 0) {
            refuse(request, response, bucket, wait);
            return;
        }
        chain.doFilter(request, response);
        if (token != null && response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            current.anonymous().charge(address);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String bucket, long waitNanos)
            throws IOException {
        refused.get(bucket).increment();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        log.debug(
                "rate limit ({}) refused {} {} from {}",
                bucket,
                request.getMethod(),
                request.getRequestURI(),
                request.getRemoteAddr());
        Problem problem = Problem.of(
                        429,
                        ProblemCodes.TOO_MANY_REQUESTS,
                        "too many requests (" + bucket + " limit of this registry); retry in " + seconds + " s")
                .withRequestId(RequestIds.of(request));
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(ProblemResponses.PROBLEM_JSON.toString());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    private static String bearerToken(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }

    /** Buckets are keyed by the token's hash, as the database keeps it, never the token itself. */
    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        return address.startsWith("127.")
                || address.equals("::1")
                || address.equals("0:0:0:0:0:0:0:1")
                || address.equals("[::1]")
                || address.startsWith("::ffff:127.");
    }

    private record Limiters(
            RateLimitProperties properties, RateLimiter anonymous, RateLimiter authenticated, RateLimiter publish) {

        Limiters(RateLimitProperties properties) {
            this(
                    properties,
                    new RateLimiter(properties.anonymous(), properties.maxClients(), System::nanoTime),
                    new RateLimiter(properties.authenticated(), properties.maxClients(), System::nanoTime),
                    new RateLimiter(properties.publish(), properties.maxClients(), System::nanoTime));
        }
    }
}
