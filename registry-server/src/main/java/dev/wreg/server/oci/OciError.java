package dev.wreg.server.oci;

/**
 * Why an OCI request was refused. Most are the distribution spec's error codes; the web layer
 * ({@link OciErrorResponses}) gives each its status and wire code.
 */
public enum OciError {
    BLOB_UNKNOWN,
    BLOB_UPLOAD_INVALID,
    BLOB_UPLOAD_UNKNOWN,
    DIGEST_INVALID,
    MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID,
    MANIFEST_UNKNOWN,
    NAME_INVALID,
    NAME_UNKNOWN,
    SIZE_INVALID,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    /** A query parameter ({@code n}, {@code last}) that is not what the spec allows. */
    INVALID_PARAMETER,
    /** A download {@code Range} outside the blob. */
    RANGE_NOT_SATISFIABLE,
    /** A chunk whose {@code Content-Range} does not start where the upload stands. */
    UPLOAD_OUT_OF_ORDER,
    /** A manifest or upload larger than the registry accepts. */
    TOO_LARGE,
    /** A release of that version exists already; releases are immutable. */
    VERSION_EXISTS,
    /** The method is not allowed on this path. */
    METHOD_NOT_ALLOWED
}
