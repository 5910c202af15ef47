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
 * Refuses a request whose head (request line without its query, and headers) is larger than {@code
 * wreg.limits.max-header-size}, or whose query string is larger than {@code
 * wreg.limits.max-query-size}, with 431 {@code headers-too-large}, as RFC 6585 says, before any
 * other work. The query has its own limit so that a search page can be asked a long query (it cuts
 * the query and says so) while headers stay small. Tomcat reads heads up to {@code
 * server.max-http-request-header-size} (set above both limits together) and would answer a plain
 * 400 beyond it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // after RequestIds: the 431 names the request
public class RequestHeaderLimitFilter extends OncePerRequestFilter {

    private final long maxHeaderBytes;
    private final long maxQueryBytes;
    private final JsonMapper jsonMapper;

    public RequestHeaderLimitFilter(RegistryProperties properties, JsonMapper jsonMapper) {
        this.maxHeaderBytes = properties.limits().maxHeaderSize().toBytes();
        this.maxQueryBytes = properties.limits().maxQuerySize().toBytes();
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long size = headSize(request);
        long querySize = request.getQueryString() == null ? 0 : utf8(request.getQueryString());
        String refusal = size > maxHeaderBytes
                ? "the request line and headers are " + size + " bytes, more than the limit of " + maxHeaderBytes
                : querySize > maxQueryBytes
                        ? "the query string is " + querySize + " bytes, more than the limit of " + maxQueryBytes
                        : null;
        if (refusal != null) {
            Problem problem =
                    Problem.of(431, ProblemCodes.HEADERS_TOO_LARGE, refusal).withRequestId(RequestIds.of(request));
            response.setStatus(problem.status());
            response.setHeader("Connection", "close");
            response.setContentType(ProblemResponses.PROBLEM_JSON.toString());
            response.getOutputStream().write(jsonMapper.writeValueAsBytes(problem));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The bytes of the request line without its query, and of the header lines, as sent (names,
     * values, separators).
     */
    static long headSize(HttpServletRequest request) {
        long size = request.getMethod().length()
                + 1
                + utf8(request.getRequestURI())
                + 1
                + request.getProtocol().length()
                + 2;
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
