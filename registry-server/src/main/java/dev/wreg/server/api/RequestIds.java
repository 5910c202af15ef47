package dev.wreg.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an ID: the one the client (or a proxy in front) sent in {@code X-Request-Id}
 * when it is short and plain, otherwise a new random one. It is answered in the
 * {@code X-Request-Id} header of every response, put in every problem body ({@code requestId}) and
 * the 500 page, and in the logging MDC ({@code requestId}) while the request is served, so the log
 * line of a failure names the request the user can quote.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

    public static final String ATTRIBUTE = "wreg.requestId";
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** What a client's ID may be: log-safe characters only (no spaces, quotes or line breaks). */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:@+=-]{1,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getAttribute(ATTRIBUTE) instanceof String known ? known : chosen(request);
        request.setAttribute(ATTRIBUTE, requestId);
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** Also on the container's error dispatch, so what {@code /error} logs carries the ID too. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    private static String chosen(HttpServletRequest request) {
        String sent = request.getHeader(HEADER);
        if (sent != null && ACCEPTED.matcher(sent).matches()) {
            return sent;
        }
        return generate();
    }

    /** A new request ID: 16 hex digits. */
    public static String generate() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** The ID of {@code request}; {@code unknown} if it never passed this filter. */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? "unknown" : id.toString();
    }

    /** The ID of the request this thread is serving, or null outside one. */
    public static String current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            Object id = servlet.getRequest().getAttribute(ATTRIBUTE);
            if (id != null) {
                return id.toString();
            }
        }
        return MDC.get(MDC_KEY);
    }
}
