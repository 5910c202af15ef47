package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code POST /v1/packages/{pkg}/records}: the accepted record, the package's state
 * after it, and the proof that it is in the transparency log: {@code logIndex}, {@code checkpoint}
 * (a signed note) and {@code inclusionProof} (a c2sp.org/tlog-proof@v1 text).
 */
public record PublishResponse(
        String recordId,
        long index,
        @JsonProperty("package") PackageStateView pkg,
        long logIndex,
        String checkpoint,
        String inclusionProof) {}
