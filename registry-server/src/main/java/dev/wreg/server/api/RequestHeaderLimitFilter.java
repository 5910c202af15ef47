package dev.wreg.server.api;

import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.config.RegistryProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request whose head (request line and headers) is larger than {@code
 * wreg.limits.max-header-size} with 431 {@code headers-too-large}, as RFC 6585 says, before any
 * other work. Tomcat reads heads up to {@code server.max-http-request-header-size} (set well above
 * this limit) and would answer a plain 400 beyond it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // after RequestIds: the 431 names the request
public class RequestHeaderLimitFilter extends OncePerRequestFilter {

    private final long maxHeaderBytes;
    private final JsonMapper jsonMapper;

    public RequestHeaderLimitFilter(RegistryProperties properties, JsonMapper jsonMapper) {
        this.maxHeaderBytes = properties.limits().maxHeaderSize().toBytes();
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long size = headSize(request);
        if (size > maxHeaderBytes) {
            Problem problem = Problem.of(
                            431,
                            ProblemCodes.HEADERS_TOO_LARGE,
                            "the request line and headers are " + size + " bytes, more than the limit of "
                                    + maxHeaderBytes)
                    .withRequestId(RequestIds.of(request));
            response.setStatus(problem.status());
            response.setHeader("Connection", "close");
            response.setContentType(ProblemResponses.PROBLEM_JSON.toString());
            response.getOutputStream().write(jsonMapper.writeValueAsBytes(problem));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The bytes of the request line and header lines, as sent (names, values, separators). */
    static long headSize(HttpServletRequest request) {
        long size = request.getMethod().length()
                + 1
                + utf8(request.getRequestURI())
                + 1
                + request.getProtocol().length()
                + 2;
        if (request.getQueryString() != null) {
            size += 1 + utf8(request.getQueryString());
        }
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                size += name.length() + 2 + utf8(values.nextElement()) + 2;
            }
        }
        return size;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
