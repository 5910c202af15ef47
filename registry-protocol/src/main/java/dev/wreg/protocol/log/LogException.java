package dev.wreg.protocol.log;

/**
 * Everything that can go wrong while parsing, verifying or building transparency-log data.
 *
 * <p>{@link #code()} is stable and kebab-case so that the server can map it to problem+json and
 * the CLI to an exit code; the message says what was wrong with which input.
 */
public final class LogException extends RuntimeException {
    /** A Merkle inclusion or consistency proof does not verify. */
    public static final String INVALID_PROOF = "invalid-proof";
    /** A proof was asked for sizes or indices that cannot have one. */
    public static final String INVALID_PROOF_REQUEST = "invalid-proof-request";
    /** A signed note does not follow c2sp.org/signed-note. */
    public static final String MALFORMED_NOTE = "malformed-note";
    /** A signature from a known key does not verify: the whole note is refused. */
    public static final String BAD_SIGNATURE = "bad-signature";
    /** No signature from any known key was found on a note. */
    public static final String UNVERIFIED_NOTE = "unverified-note";
    /** A verifier key, signer key or key name is not well formed or not supported. */
    public static final String MALFORMED_KEY = "malformed-key";
    /** A checkpoint body does not follow c2sp.org/tlog-checkpoint, or has an unexpected origin. */
    public static final String MALFORMED_CHECKPOINT = "malformed-checkpoint";
    /** The checkpoint's origin is not the one expected. */
    public static final String WRONG_ORIGIN = "wrong-origin";
    /** A tile, tile path or entry bundle is not well formed or does not fit the tree. */
    public static final String MALFORMED_TILE = "malformed-tile";
    /** A log entry cannot be stored (too large for an entry bundle). */
    public static final String MALFORMED_ENTRY = "malformed-entry";
    /** A tlog-proof file is not well formed. */
    public static final String MALFORMED_TLOG_PROOF = "malformed-tlog-proof";
    /** A tlog-policy file is not well formed. */
    public static final String MALFORMED_POLICY = "malformed-policy";
    /** A checkpoint is not cosigned by enough witnesses for the policy's quorum. */
    public static final String QUORUM_NOT_MET = "quorum-not-met";
    /** A hash needed for a proof or root is not available from the hash source. */
    public static final String MISSING_HASH = "missing-hash";

    private final String code;

    public LogException(String code, String message) {
        super(message);
        this.code = code;
    }

    public LogException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable, machine-readable reason, one of the constants of this class. */
    public String code() {
        return code;
    }
}
