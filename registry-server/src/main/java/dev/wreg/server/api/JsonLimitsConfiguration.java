package dev.wreg.server.api;

import dev.wreg.server.config.RegistryProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper Spring MVC reads request bodies with, built on a stream factory whose read
 * constraints are tight: a request nested thousands deep or with huge strings is refused while
 * parsing, before it can cost a stack or memory. Parsing is strict, as the protocol's own parser
 * is: a duplicate key, a field the endpoint does not know, or data after the document is a 400
 * {@code invalid-json}, so a request means exactly one thing. Spring Boot's customizers apply
 * first; strictness is applied last so that none of them can loosen it.
 */
@Configuration(proxyBeanMethods = false)
public class JsonLimitsConfiguration {

    @Bean
    JsonMapper jsonMapper(ObjectProvider<JsonMapperBuilderCustomizer> customizers, RegistryProperties properties) {
        RegistryProperties.Limits limits = properties.limits();
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxDocumentLength(Math.max(
                        limits.maxJsonSize().toBytes(), limits.maxRecordSize().toBytes()))
                .maxStringLength((int) Math.max(
                        limits.maxJsonSize().toBytes(), limits.maxRecordSize().toBytes()))
                .maxNumberLength(64)
                .build();
        JsonFactory factory =
                JsonFactory.builder().streamReadConstraints(constraints).build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        return builder.build();
    }
}
