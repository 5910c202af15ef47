package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.server.refusal.Refusal;

/**
 * A blob-store failure with a stable, kebab-case {@link #code()}; its {@link #kind()} follows from
 * the code (the store being down is {@code UNAVAILABLE}, an upload past the limit {@code TOO_LARGE}).
 */
public final class BlobStoreException extends Refusal {

    /** The uploaded bytes hash to another digest than the one announced. */
    public static final String DIGEST_MISMATCH = "digest-mismatch";
    /** The upload went past the size limit; reading stopped there. */
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    /** The disk or object store failed; the request may succeed later. */
    public static final String STORAGE_UNAVAILABLE = "storage-unavailable";
    /** Reading the uploaded bytes failed (client went away, truncated body). */
    public static final String UPLOAD_INTERRUPTED = "upload-interrupted";
    /** No blob with that digest. */
    public static final String NOT_FOUND = "not-found";
    /** A read range that starts past the end of the blob, or a negative offset or length. */
    public static final String INVALID_RANGE = "invalid-range";
    /** A named-object key outside the allowed form. */
    public static final String INVALID_KEY = "invalid-key";

    public BlobStoreException(String code, String message) {
        super(kindOf(code), code, message);
    }

    public BlobStoreException(String code, String message, Throwable cause) {
        super(kindOf(code), code, message, cause);
    }

    private static Kind kindOf(String code) {
        return switch (code) {
            case PAYLOAD_TOO_LARGE -> Kind.TOO_LARGE;
            case STORAGE_UNAVAILABLE -> Kind.UNAVAILABLE;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case INVALID_RANGE -> Kind.OUT_OF_RANGE;
            default -> Kind.INVALID;
        };
    }

    static BlobStoreException digestMismatch(Digest expected, Digest actual) {
        return new BlobStoreException(
                DIGEST_MISMATCH, "uploaded bytes hash to " + actual + ", not to the announced " + expected);
    }

    static BlobStoreException payloadTooLarge(long maxBytes) {
        return new BlobStoreException(
                PAYLOAD_TOO_LARGE, "blob exceeds the size limit of " + maxBytes + " bytes; upload stopped");
    }

    static BlobStoreException storageUnavailable(String what, Throwable cause) {
        return new BlobStoreException(STORAGE_UNAVAILABLE, what + ": " + cause.getMessage(), cause);
    }

    static BlobStoreException notFound(Digest digest) {
        return new BlobStoreException(NOT_FOUND, "no blob " + digest);
    }

    static BlobStoreException invalidRange(Digest digest, long offset, long length, long size) {
        return new BlobStoreException(
                INVALID_RANGE,
                "range offset " + offset + " length " + length + " does not fit blob " + digest + " of " + size
                        + " bytes");
    }
}
