package dev.wreg.server.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The server's own settings under {@code wreg.*}. Environment variables bind by Spring's relaxed
 * rules, so {@code WREG_OPERATOR_KEY} sets {@link #operatorKey()} and {@code WREG_BOOTSTRAP_TOKEN}
 * sets {@link #bootstrapToken()}.
 *
 * @param dataDir where embedded PostgreSQL, filesystem blobs and generated secrets live
 * @param operatorKeyFile a file holding the operator's Ed25519 private key text
 * @param operatorKey the operator's private key text itself (wins over the file)
 * @param bootstrapToken the first admin token; generated in embedded mode when unset
 * @param limits request and content size limits
 */
@ConfigurationProperties("wreg")
public record RegistryProperties(
        @DefaultValue("./wreg-data") Path dataDir,
        Path operatorKeyFile,
        String operatorKey,
        String bootstrapToken,
        @DefaultValue Limits limits) {

    /**
     * @param maxBlobSize largest blob a client may upload
     * @param maxRecordSize largest DSSE envelope accepted (PROTOCOL.md: log entries stay under 64 KiB)
     * @param maxJsonSize largest JSON request body on any other endpoint
     * @param maxJsonDepth deepest JSON nesting any endpoint parses
     * @param maxHeaderSize largest request head (request line without its query, and headers); beyond
     *     it 431
     * @param maxQuerySize largest query string; beyond it 431. Apart from the head so that a search
     *     page may be asked a long query (the page cuts it and says so) while headers stay small
     * @param maxClockSkew how far ahead of the server's clock a record may be dated
     */
    public record Limits(
            @DefaultValue("100MB") DataSize maxBlobSize,
            @DefaultValue("64KB") DataSize maxRecordSize,
            @DefaultValue("64KB") DataSize maxJsonSize,
            @DefaultValue("64") int maxJsonDepth,
            @DefaultValue("8KB") DataSize maxHeaderSize,
            @DefaultValue("32KB") DataSize maxQuerySize,
            @DefaultValue("5m") Duration maxClockSkew) {

        @ConstructorBinding
        public Limits {}

        /** The size limits alone; the header and clock limits take their defaults. */
        public Limits(DataSize maxBlobSize, DataSize maxRecordSize, DataSize maxJsonSize, int maxJsonDepth) {
            this(
                    maxBlobSize,
                    maxRecordSize,
                    maxJsonSize,
                    maxJsonDepth,
                    DataSize.ofKilobytes(8),
                    DataSize.ofKilobytes(32),
                    Duration.ofMinutes(5));
        }
    }
}
