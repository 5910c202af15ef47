package dev.wreg.protocol.oci;

/** The media types wreg's OCI artifacts use (their annotation keys are {@link OciAnnotations}). */
public final class OciMediaTypes {

    public static final String IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
    /** The CNCF Wasm OCI artifact config. */
    public static final String WASM_CONFIG = "application/vnd.wasm.config.v0+json";
    /** The one layer of a Wasm OCI artifact: the component itself. */
    public static final String WASM_LAYER = "application/wasm";
    /** The image spec's empty descriptor ({@code {}}), the config of an artifact that has none. */
    public static final String EMPTY = "application/vnd.oci.empty.v1+json";

    /** artifactType of the referrer that carries a release's signed record and its log proof. */
    public static final String RELEASE_PROOF = "application/vnd.dev.wreg.release-proof.v1";
    /** A DSSE envelope (the signed package record), as in-toto and Sigstore label it. */
    public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";
    /** A c2sp.org/tlog-proof@v1 text. */
    public static final String TLOG_PROOF = "application/vnd.dev.wreg.tlog-proof.v1";

    private OciMediaTypes() {}
}
