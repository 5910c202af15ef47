package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A page of a package's or of the operator's log records ({@code GET /v1/packages/{pkg}/records},
 * {@code GET /v1/operator/records}), from the index asked for; an empty page is the end.
 */
public record RecordsView(List<RecordView> records) {

    /**
     * One log record. {@code envelope} is the DSSE envelope exactly as stored: the JSON object
     * written verbatim, and read back as its compact JSON text. {@code entry} is the base64 of the
     * exact bytes that were logged, the only form a client should hash.
     */
    public record RecordView(
            long index,
            String recordId,

            @JsonRawValue
            @JsonDeserialize(using = RawJsonDeserializer.class)
            @Schema(type = "object", description = "the DSSE envelope")
            String envelope,

            @Schema(description = "index of the envelope in the transparency log; null until sequenced")
            Long logIndex,

            @Schema(
                    description = "the transparency-log entry of this record: base64 of the exact envelope"
                            + " bytes that were logged, whose leaf hash its inclusion proof proves")
            String entry) {

        /** @param logIndices the log index of each record id sequenced so far */
        public static RecordView of(long index, String recordId, byte[] envelope, Map<String, Long> logIndices) {
            // The stored envelope bytes are the logged entry bytes (both are the bytes as submitted),
            // so a client hashes exactly what the log holds instead of a re-serialisation.
            return new RecordView(
                    index,
                    recordId,
                    new String(envelope, StandardCharsets.UTF_8),
                    logIndices.get(recordId),
                    Base64.getEncoder().encodeToString(envelope));
        }
    }
}
