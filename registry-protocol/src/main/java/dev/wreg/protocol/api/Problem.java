package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;

/**
 * An RFC 9457 problem document ({@code application/problem+json}) with wreg's stable {@code code}
 * extension member: the body of every refusal. {@code type} is {@link ProblemCodes#TYPE_PREFIX}
 * followed by the code, {@code title} the code in words; clients go by {@code code} and show
 * {@code detail}, which says what to fix. {@code requestId} is the ID the server answered the
 * request under (also its {@code X-Request-Id} header and in its log line), so a user can quote it
 * to the operator; absent when a problem was not made by a server.
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "code", "requestId"})
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        @JsonInclude(JsonInclude.Include.NON_NULL) String requestId) {

    /** A problem without a request ID (one a client makes up, or one not answered yet). */
    public Problem(String type, String title, int status, String detail, String code) {
        this(type, title, status, detail, code, null);
    }

    /** The problem the server answers for {@code code} with HTTP {@code status}. */
    public static Problem of(int status, String code, String detail) {
        return new Problem(ProblemCodes.TYPE_PREFIX + code, titleOf(code), status, detail, code);
    }

    /** The same problem as answered with HTTP {@code status} (a client trusts the status line). */
    public Problem withStatus(int status) {
        return new Problem(type, title, status, detail, code, requestId);
    }

    /** The same problem, answered under request ID {@code requestId}. */
    public Problem withRequestId(String requestId) {
        return new Problem(type, title, status, detail, code, requestId);
    }

    /** {@code version-exists} → {@code Version exists}. */
    public static String titleOf(String code) {
        String words = code.replace('-', ' ');
        return words.isEmpty() ? words : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
