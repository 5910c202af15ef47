package dev.wreg.server.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.wreg.server.config.RegistryProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default database: with no {@code spring.datasource.url}, a PostgreSQL from the
 * zonky binaries runs with its data in {@code ${wreg.data-dir}/postgres}, kept across restarts,
 * listening on loopback only, and stopped when the application context closes.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root on Linux, zonky starts
 * {@code initdb} and {@code postgres} through {@code unshare -U}, i.e. as the unprivileged
 * overflow user of a fresh user namespace; that needs user namespaces enabled (the default on
 * Debian and most container hosts). If they are not, the start fails with the hint below.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(RegistryProperties properties) {
        Path dataDirectory = properties.dataDir().resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(dataDirectory.getParent());
            log.info("Starting embedded PostgreSQL with data in {}", dataDirectory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // Spring closes it after the DataSource (a second JVM hook would race the context shutdown).
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "embedded PostgreSQL could not start in " + dataDirectory + " (" + e.getMessage() + "). "
                            + "As root it runs through 'unshare -U', which needs user namespaces; "
                            + "run as an unprivileged user or set spring.datasource.url to an external PostgreSQL",
                    e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPoolName("wreg-embedded");
        config.setMaximumPoolSize(20);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot connect to embedded PostgreSQL", e));
        }
    }
}
