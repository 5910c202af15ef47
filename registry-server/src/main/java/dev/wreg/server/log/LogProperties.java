package dev.wreg.server.log;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the transparency log under {@code wreg.log.*}.
 *
 * @param origin the log's identity in its checkpoints and the name of its note key; C2SP asks for
 *     the URL prefix of the log without its scheme, such as {@code registry.example.org/log}
 */
@ConfigurationProperties("wreg.log")
public record LogProperties(@DefaultValue("localhost/log") String origin) {}
