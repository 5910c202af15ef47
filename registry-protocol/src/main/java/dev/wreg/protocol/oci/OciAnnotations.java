package dev.wreg.protocol.oci;

/**
 * The annotation keys wreg's OCI manifests and descriptors carry: the image spec's pre-defined
 * keys, and wreg's own on a release-proof referrer.
 */
public final class OciAnnotations {

    public static final String TITLE = "org.opencontainers.image.title";
    public static final String VERSION = "org.opencontainers.image.version";
    public static final String DESCRIPTION = "org.opencontainers.image.description";
    public static final String CREATED = "org.opencontainers.image.created";
    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String LICENSES = "org.opencontainers.image.licenses";
    public static final String URL = "org.opencontainers.image.url";
    public static final String AUTHORS = "org.opencontainers.image.authors";

    /** On a release-proof referrer: the package the record belongs to. */
    public static final String WREG_PACKAGE = "dev.wreg.package";
    /** On a release-proof referrer: the tree size of the checkpoint its proof is against. */
    public static final String WREG_CHECKPOINT_SIZE = "dev.wreg.checkpoint.size";

    private OciAnnotations() {}
}
