package dev.wreg.server.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.wreg.server.config.CannotStartException;
import dev.wreg.server.config.RegistryProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default database: with no {@code spring.datasource.url}, {@link
 * EmbeddedPostgresServer} runs PostgreSQL with its data in {@code ${wreg.data-dir}/postgres}, kept
 * across restarts, and stops it when the application context closes. The pool takes the same
 * {@code spring.datasource.hikari.*} settings as an external database's.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(RegistryProperties properties) {
        Path dataDirectory = properties.dataDir().toAbsolutePath();
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

    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername(postgres.user());
        dataSource.setPassword(postgres.password());
        dataSource.setPoolName("wreg-embedded");
        dataSource.setMaximumPoolSize(20);
        return dataSource;
    }
}
