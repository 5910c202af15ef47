package dev.wreg.server.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.wreg.server.config.CannotStartException;
import dev.wreg.server.config.RegistryProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The server's connection pool, to the database {@code spring.datasource.*} names or, with no
 * {@code spring.datasource.url}, to the embedded default: {@link EmbeddedPostgresServer} runs
 * PostgreSQL with its data in {@code ${wreg.data-dir}/postgres}, kept across restarts, and stops
 * it after the pool closes. Either pool takes the {@code spring.datasource.hikari.*} settings.
 *
 * <p>One bean that chooses when it is created, not two behind a condition: the context is prepared
 * at build time (Spring AOT), where a condition would be decided once for every later start.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(Environment environment, DataSourceProperties external, RegistryProperties properties) {
        if (!EmbeddedDatabase.chosen(environment)) {
            return external.initializeDataSourceBuilder()
                    .type(HikariDataSource.class)
                    .build();
        }
        EmbeddedPostgresServer postgres = startEmbedded(properties.dataDir().toAbsolutePath());
        HikariDataSource dataSource = new EmbeddedPool(postgres);
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername(postgres.user());
        dataSource.setPassword(postgres.password());
        dataSource.setPoolName("wreg-embedded");
        dataSource.setMaximumPoolSize(20);
        return dataSource;
    }

    private static EmbeddedPostgresServer startEmbedded(Path dataDirectory) {
        try {
            Optional<EmbeddedPostgresServer> started = EmbeddedPostgresHeadStart.take(dataDirectory);
            return started.isPresent() ? started.get() : EmbeddedPostgresServer.start(dataDirectory);
        } catch (CannotStartException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "embedded PostgreSQL could not start in " + dataDirectory.resolve("postgres") + " ("
                            + e.getMessage() + "). As root it runs through 'unshare -U', which needs user"
                            + " namespaces; run as an unprivileged user or set spring.datasource.url to an external"
                            + " PostgreSQL",
                    e);
        }
    }

    /** The embedded database behind the server's pool; empty with an external database. */
    public static Optional<EmbeddedPostgresServer> embeddedServerOf(DataSource dataSource) {
        return dataSource instanceof EmbeddedPool pool ? Optional.of(pool.postgres) : Optional.empty();
    }

    /** The pool to the embedded database, which stops the database once its connections are closed. */
    static final class EmbeddedPool extends HikariDataSource {
        private final EmbeddedPostgresServer postgres;

        EmbeddedPool(EmbeddedPostgresServer postgres) {
            this.postgres = postgres;
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                postgres.close();
            }
        }
    }
}
