package dev.wreg.protocol.api;

/**
 * The stable {@link Problem#code()}s of the registry API. A code never changes once published;
 * clients decide by it (the CLI maps it to an exit code), people read the {@code detail}.
 *
 * <p>Besides these, a problem can carry the code of a refusal raised below the API: the
 * protocol's ({@code invalid-name}, {@code stale-prev}, …: {@link dev.wreg.protocol.ProtocolException}),
 * the transparency log's ({@link dev.wreg.protocol.log.LogException}) and the composer's
 * ({@code type-mismatch}, {@code no-matching-imports}, …). The protocol's that clients act on are
 * named here too. Which HTTP status a code is answered with is the server's business.
 */
public final class ProblemCodes {

    /** {@link Problem#type()} is this prefix followed by the code. */
    public static final String TYPE_PREFIX = "https://wreg.dev/problems/";

    // Requests in general.
    public static final String INVALID_REQUEST = "invalid-request";
    public static final String INVALID_JSON = "invalid-json";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String NOT_FOUND = "not-found";
    public static final String CONFLICT = "conflict";
    public static final String INTERNAL_ERROR = "internal-error";
    /** The request line and headers are larger than the registry reads (431). */
    public static final String HEADERS_TOO_LARGE = "headers-too-large";
    /** The database cannot be reached right now; nothing was changed (503, with Retry-After). */
    public static final String DATABASE_UNAVAILABLE = "database-unavailable";
    /** The caller sent more requests than its rate limit allows; retry after {@code Retry-After} (429). */
    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    /**
     * The registry already holds as much work as it can serve (requests or publishes in flight, up
     * to its configured bound) and sheds the rest at once; nothing was read or stored (503, with
     * Retry-After). Unlike 429 it is about the whole registry, not the caller.
     */
    public static final String OVERLOADED = "overloaded";

    // Tokens and permissions.
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";

    // Blobs.
    public static final String DIGEST_MISMATCH = "digest-mismatch";
    public static final String INVALID_RANGE = "invalid-range";
    public static final String UPLOAD_INTERRUPTED = "upload-interrupted";
    public static final String STORAGE_UNAVAILABLE = "storage-unavailable";
    /**
     * The token already holds as many uploaded blobs for the namespace as it may while no release
     * names them (403; the detail names the limit): publish them, or wait until they are reclaimed.
     */
    public static final String TOO_MANY_PENDING_UPLOADS = "too-many-pending-uploads";
    /**
     * A blob a release names was reclaimed as an orphan (nothing referenced it for the grace
     * period) before the release was committed: upload it again and publish again (400).
     */
    public static final String BLOB_RECLAIMED = "blob-reclaimed";

    // Namespaces and package names.
    public static final String NAME_CONFLICT = "name-conflict";

    // The package-log state machine (ProtocolException and RecordRejectedException codes).
    public static final String INVALID_NAME = "invalid-name";
    public static final String INVALID_VERSION = "invalid-version";
    public static final String INVALID_KEY = "invalid-key";
    public static final String INVALID_DIGEST = "invalid-digest";
    public static final String INVALID_ENVELOPE = "invalid-envelope";
    public static final String MALFORMED_RECORD = "malformed-record";
    public static final String WRONG_PACKAGE = "wrong-package";
    public static final String BAD_SIGNATURE = "bad-signature";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String REVOKED_KEY = "revoked-key";
    public static final String STALE_PREV = "stale-prev";
    public static final String TIME_REGRESSION = "time-regression";
    /** A record dated further ahead of the registry's clock than it allows. */
    public static final String TIME_IN_FUTURE = "time-in-future";

    public static final String VERSION_EXISTS = "version-exists";
    public static final String UNKNOWN_VERSION = "unknown-version";

    // A release's content, judged before its record is accepted.
    public static final String NOT_A_COMPONENT = "not-a-component";
    public static final String INVALID_COMPONENT = "invalid-component";
    public static final String POLICY_VIOLATION = "policy-violation";
    public static final String SEMVER_VIOLATION = "semver-violation";

    // Compositions (the composer's own codes come on top).
    public static final String COMPOSITION_FAILED = "composition-failed";
    public static final String INPUT_TOO_LARGE = "input-too-large";
    public static final String COMPOSER_UNAVAILABLE = "composer-unavailable";
    public static final String UNKNOWN_PACKAGE = "unknown-package";
    /** A composition's smoke run went past one of its engine limits (named in the detail). */
    public static final String LIMIT_EXCEEDED = "limit-exceeded";
    /** A composition whose workers kept dying was given up after its last attempt. */
    public static final String ATTEMPTS_EXHAUSTED = "attempts-exhausted";

    // Search, interfaces and dependents (the index).
    public static final String INVALID_QUERY = "invalid-query";

    // The transparency log and its witnesses.
    public static final String QUORUM_NOT_MET = "quorum-not-met";
    /**
     * The log is being reconciled with its signed checkpoint (or refuses to sign until its
     * operator looks); nothing was committed (503, with Retry-After).
     */
    public static final String LOG_UNAVAILABLE = "log-unavailable";

    public static final String UNKNOWN_LOG = "unknown-log";
    public static final String UNTRUSTED_CHECKPOINT = "untrusted-checkpoint";
    public static final String INCONSISTENT_CHECKPOINT = "inconsistent-checkpoint";

    private ProblemCodes() {}
}
