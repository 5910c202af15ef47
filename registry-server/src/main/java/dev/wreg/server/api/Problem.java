package dev.wreg.server.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;

/** An RFC 9457 problem document with wreg's stable {@code code} extension member. */
@JsonPropertyOrder({"type", "title", "status", "detail", "code"})
public record Problem(String type, String title, int status, String detail, String code) {

    public static Problem of(int status, String code, String detail) {
        return new Problem(ProblemCodes.PROBLEM_TYPE_PREFIX + code, titleOf(code), status, detail, code);
    }

    /** {@code version-exists} → {@code Version exists}. */
    static String titleOf(String code) {
        String words = code.replace('-', ' ');
        return words.isEmpty() ? words : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
