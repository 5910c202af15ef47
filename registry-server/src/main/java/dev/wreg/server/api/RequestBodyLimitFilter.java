package dev.wreg.server.api;

import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.config.RegistryProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body except blob uploads and the OCI API (which bound their own):
 * a declared Content-Length over the limit is refused before reading, and a chunked body is cut
 * as soon as it passes the limit, so no endpoint ever buffers more than the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    static final String BLOB_PATH_PREFIX = "/v1/blobs/";
    static final String OCI_PATH_PREFIX = "/v2/";

    private final long maxRecordBytes;
    private final long maxJsonBytes;
    private final JsonMapper jsonMapper;

    public RequestBodyLimitFilter(RegistryProperties properties, JsonMapper jsonMapper) {
        this.maxRecordBytes = properties.limits().maxRecordSize().toBytes();
        this.maxJsonBytes = properties.limits().maxJsonSize().toBytes();
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The OCI API bounds its own bodies: blob uploads by the blob limit, manifests by theirs.
        return request.getRequestURI().startsWith(BLOB_PATH_PREFIX)
                || request.getRequestURI().startsWith(OCI_PATH_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = request.getRequestURI().endsWith("/records") ? maxRecordBytes : maxJsonBytes;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            Problem problem = Problem.of(
                            HttpStatus.CONTENT_TOO_LARGE.value(),
                            ProblemCodes.PAYLOAD_TOO_LARGE,
                            "request body of " + declared + " bytes exceeds the limit of " + limit + " bytes")
                    .withRequestId(RequestIds.of(request));
            response.setStatus(problem.status());
            response.setContentType(ProblemResponses.PROBLEM_JSON.toString());
            response.getOutputStream().write(jsonMapper.writeValueAsBytes(problem));
            return;
        }
        chain.doFilter(new BoundedRequest(request, limit), response);
    }

    private static final class BoundedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream bounded;

        BoundedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (bounded == null) {
                bounded = new BoundedInputStream(super.getInputStream(), limit);
            }
            return bounded;
        }
    }

    private static final class BoundedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        BoundedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
