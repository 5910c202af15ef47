package dev.wreg.server.refusal;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.ProblemCodes;
import java.util.Locale;
import java.util.Objects;

/**
 * A request the registry refuses, thrown by the services that hold the rules: a stable {@link
 * #code()} (the {@code code} of the problem document, see {@link ProblemCodes}), a detail a user
 * can act on, and the {@link Kind} of refusal. Nothing here knows HTTP; the web layer alone
 * ({@code ProblemResponses}) decides the status each kind is answered with.
 *
 * <p>The kind is needed beside the code because one code can be refused in different ways: a
 * {@code policy-violation} is too large or breaks a rule, a {@code digest-mismatch} is the
 * client's upload or the store's corruption, an {@code unknown-version} is a record naming a
 * version never released or a requirement nothing matches.
 */
public class Refusal extends RuntimeException {

    /** What sort of refusal: whose move it is, and what would change the answer. */
    public enum Kind {
        /** The request is malformed or breaks a rule: fix it and send it again. */
        INVALID,
        /** No valid token came with the request. */
        UNAUTHENTICATED,
        /** The token or the signing key may not do this. */
        FORBIDDEN,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request clashes with what exists: a taken name or version, a stale head. */
        CONFLICT,
        /** Something is larger than a limit allows. */
        TOO_LARGE,
        /** A byte range outside what exists. */
        OUT_OF_RANGE,
        /**
         * Well-formed, but its content cannot be processed: a composition plan with an error,
         * inputs that do not link, a check that fails, a proof that does not verify.
         */
        UNPROCESSABLE,
        /** The registry cannot do it now (storage, witnesses): the same request may succeed later. */
        UNAVAILABLE,
        /** The registry is at fault, not the request. */
        BROKEN;

        /** The kind's name as stored ({@code not_found}). */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind ofText(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    private final Kind kind;
    private final String code;

    public Refusal(Kind kind, String code, String detail) {
        this(kind, code, detail, null);
    }

    public Refusal(Kind kind, String code, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
    }

    public Kind kind() {
        return kind;
    }

    /** The stable, machine-readable reason, e.g. {@code version-exists}. */
    public String code() {
        return code;
    }

    /** What to fix, for a person. */
    public String detail() {
        return getMessage();
    }

    /** A request that breaks a rule of its endpoint ({@code invalid-request}). */
    public static Refusal invalidRequest(String detail) {
        return new Refusal(Kind.INVALID, ProblemCodes.INVALID_REQUEST, detail);
    }

    /** A request that breaks the rule {@code code} names. */
    public static Refusal invalid(String code, String detail) {
        return new Refusal(Kind.INVALID, code, detail);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, ProblemCodes.NOT_FOUND, detail);
    }

    public static Refusal unauthenticated(String detail) {
        return new Refusal(Kind.UNAUTHENTICATED, ProblemCodes.UNAUTHENTICATED, detail);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, ProblemCodes.FORBIDDEN, detail);
    }

    public static Refusal conflict(String code, String detail) {
        return new Refusal(Kind.CONFLICT, code, detail);
    }

    /** {@code what} exceeds {@code limitBytes} ({@code payload-too-large}). */
    public static Refusal payloadTooLarge(long limitBytes, String what) {
        return new Refusal(
                Kind.TOO_LARGE,
                ProblemCodes.PAYLOAD_TOO_LARGE,
                what + " exceeds the limit of " + limitBytes + " bytes");
    }

    /**
     * The kind of a refusal by the protocol (a record, name, key or log format it does not accept),
     * by its code: a permission is forbidden, a clash with the log's state is a conflict, anything
     * else is invalid.
     */
    public static Kind kindOf(ProtocolException e) {
        return switch (e.code()) {
            case ProblemCodes.UNAUTHORIZED, ProblemCodes.REVOKED_KEY -> Kind.FORBIDDEN;
            case ProblemCodes.STALE_PREV,
                    ProblemCodes.VERSION_EXISTS,
                    ProblemCodes.NAME_CONFLICT,
                    ProblemCodes.CONFLICT -> Kind.CONFLICT;
            default -> Kind.INVALID;
        };
    }
}
