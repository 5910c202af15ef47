/**
 * The OCI distribution API under {@code /v2/} (pull, referrers, push for wkg), its token endpoint
 * and the wasm-pkg discovery document. A release {@code ns:name@1.2.3} is repository {@code
 * <prefix>ns/name}, tag {@code 1.2.3}; its manifest follows the CNCF Wasm OCI artifact layout.
 * Errors are the distribution spec's JSON ({@code {"errors":[{code,message,detail}]}}), written by
 * {@link dev.wreg.server.oci.OciErrorResponses} from {@link dev.wreg.server.oci.OciException}.
 */
package dev.wreg.server.oci;
