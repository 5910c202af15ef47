package dev.wreg.server.api;

import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ProblemCodes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last-resort error page, for requests it refuses before any servlet sees them (a URI
 * with {@code %2F}, {@code %00} or {@code ..} escapes, a malformed request line): problem+json
 * like every other error instead of an HTML page.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code = ProblemResponses.codeOf(status);
        String detail = status == 400
                ? "the request line or URI is malformed (encoded '/', NUL or '..' segments are refused)"
                : "request refused";
        // Refused before any filter ran, the request has no ID yet: this answer gives it one.
        String requestId = response.getHeader(RequestIds.HEADER);
        if (requestId == null) {
            requestId = RequestIds.generate();
            response.setHeader(RequestIds.HEADER, requestId);
        }
        String body = "{\"type\":\"" + ProblemCodes.TYPE_PREFIX + code + "\",\"title\":\"" + Problem.titleOf(code)
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code
                + "\",\"requestId\":\"" + requestId + "\"}";
        try {
            response.setContentType(ProblemResponses.PROBLEM_JSON.toString());
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            OutputStream out = response.getOutputStream();
            out.write(body.getBytes(StandardCharsets.UTF_8));
            response.finishResponse();
        } catch (IOException | IllegalStateException ignored) {
            // The client is gone or the response already committed; nothing more to tell it.
        }
    }
}
