package dev.wreg.server.auth;

import dev.wreg.server.config.RegistryProperties;
import dev.wreg.server.config.SecretFiles;
import dev.wreg.server.database.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Installs the first admin token: {@code wreg.bootstrap-token} (or {@code WREG_BOOTSTRAP_TOKEN})
 * when set; otherwise, in embedded mode, the one in {@code ${wreg.data-dir}/bootstrap-token},
 * generated and printed on the first start.
 */
@Component
public class BootstrapTokenInstaller implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootstrapTokenInstaller.class);
    public static final String TOKEN_FILE = "bootstrap-token";

    private final TokenService tokens;
    private final RegistryProperties properties;
    private final Environment environment;
    private volatile String origin = "none installed";

    public BootstrapTokenInstaller(TokenService tokens, RegistryProperties properties, Environment environment) {
        this.tokens = tokens;
        this.properties = properties;
        this.environment = environment;
    }

    /** Where the bootstrap token came from, for the start-up banner ("in /srv/wreg/bootstrap-token"). */
    public String origin() {
        return origin;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (StringUtils.hasText(properties.bootstrapToken())) {
            tokens.installBootstrapToken(properties.bootstrapToken().strip());
            origin = "from wreg.bootstrap-token (WREG_BOOTSTRAP_TOKEN)";
            log.debug("Bootstrap admin token installed from configuration");
            return;
        }
        if (!EmbeddedDatabase.chosen(environment)) {
            origin = "none (no wreg.bootstrap-token; existing tokens stay as they are)";
            log.debug("No wreg.bootstrap-token configured; existing tokens stay as they are");
            return;
        }
        Path file = properties.dataDir().resolve(TOKEN_FILE);
        try {
            Optional<String> existing = SecretFiles.read(file);
            if (existing.isPresent()) {
                tokens.installBootstrapToken(existing.get());
                origin = "in " + file.toAbsolutePath().normalize();
                log.debug("Bootstrap admin token read from {}", file.toAbsolutePath());
                return;
            }
            String token = tokens.newTokenText();
            SecretFiles.create(file, token);
            tokens.installBootstrapToken(token);
            origin = "in " + file.toAbsolutePath().normalize() + " (generated now)";
            System.out.println();
            System.out.println(
                    "wreg: generated a bootstrap admin token (also in " + file.toAbsolutePath() + ", mode 0600):");
            System.out.println("    " + token);
            System.out.println();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the bootstrap token file " + file, e);
        }
    }
}
