package dev.wreg.server.database;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Whether the embedded default database applies: when no external database is configured. Decided
 * when the server starts, never by a bean condition: the server's context is prepared ahead of time
 * at build time (Spring AOT), where conditions are evaluated once and for all.
 */
public final class EmbeddedDatabase {

    public static final String DATASOURCE_URL = "spring.datasource.url";

    private EmbeddedDatabase() {}

    public static boolean chosen(PropertyResolver environment) {
        return !StringUtils.hasText(environment.getProperty(DATASOURCE_URL));
    }
}
