package dev.wreg.server.config;

import dev.wreg.server.auth.BootstrapTokenInstaller;
import dev.wreg.server.database.EmbeddedDatabase;
import dev.wreg.server.keys.OperatorKey;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Once the server answers requests, prints what an operator needs to use it: where it listens,
 * where its data lives, the operator's public key (what clients pin) and where the bootstrap admin
 * token is. Printed on standard output, not logged, so it shows whatever the log level.
 */
@Component
public class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

    private final RegistryProperties registry;
    private final PublicUrl publicUrl;
    private final OperatorKey operatorKey;
    private final BootstrapTokenInstaller bootstrapToken;
    private final Environment environment;
    private final PrintStream out;

    public StartupBanner(
            RegistryProperties registry,
            PublicUrl publicUrl,
            OperatorKey operatorKey,
            BootstrapTokenInstaller bootstrapToken,
            Environment environment) {
        this.registry = registry;
        this.publicUrl = publicUrl;
        this.operatorKey = operatorKey;
        this.bootstrapToken = bootstrapToken;
        this.environment = environment;
        this.out = System.out;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port =
                event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null
                        ? web.getWebServer().getPort()
                        : environment.getProperty("server.port", Integer.class, 8080);
        double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        out.print(text(port, seconds));
        out.flush();
    }

    String text(int port, double seconds) {
        Path dataDir = registry.dataDir().toAbsolutePath().normalize();
        boolean embedded = EmbeddedDatabase.chosen(environment);
        String address = environment.getProperty("server.address");
        String url = publicUrl.publicUrl() != null
                ? publicUrl.publicUrl().toString()
                : "http://" + (StringUtils.hasText(address) ? address : "localhost") + ":" + port + "/";
        return String.format(
                Locale.ROOT,
                """

                wreg registry server ready in %.1f s
                  URL              %s
                  data dir         %s%s
                  operator key     %s
                  bootstrap token  %s

                """,
                seconds,
                url,
                dataDir,
                embedded ? " (embedded PostgreSQL)" : " (external PostgreSQL)",
                operatorKey.publicKey().text(),
                bootstrapToken.origin());
    }
}
