package dev.wreg.server.config;

import dev.wreg.server.database.EmbeddedDatabase;
import dev.wreg.server.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Refuses to start, before any bean exists, when the server could not run anyway: another wreg
 * server holds the data directory (embedded mode), or the HTTP port is taken. Without these checks
 * both are found only after the embedded PostgreSQL, Flyway and Hibernate have started, tens of
 * seconds later and under a stack trace. Each check is repeated for real later (the data
 * directory's lock is taken by {@link EmbeddedPostgresServer}, the port bound by Tomcat); these
 * only move the common case to the front. Registered in {@code META-INF/spring.factories}.
 */
public class StartupChecks implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    public static final String DATA_DIR = "wreg.data-dir";
    public static final String DEFAULT_DATA_DIR = "./wreg-data";

    /** Late among the environment's listeners (logging is set up), early among wreg's own. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * True while the build prepares the context ahead of time (Spring AOT runs the application's
     * {@code main} up to the bean definitions): nothing may start or be checked then.
     */
    public static boolean preparingAheadOfTime() {
        return Boolean.getBoolean("spring.aot.processing");
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (preparingAheadOfTime()) {
            return;
        }
        ConfigurableEnvironment env = event.getEnvironment();
        if (EmbeddedDatabase.chosen(env)) {
            Path dataDir = Path.of(env.getProperty(DATA_DIR, DEFAULT_DATA_DIR));
            EmbeddedPostgresServer.ensureNotInUse(dataDir);
        }
        int port = env.getProperty("server.port", Integer.class, 8080);
        if (port > 0) {
            ensurePortFree(env.getProperty("server.address"), port);
        }
    }

    /** Binds the port as Tomcat will (any address unless {@code server.address}) and lets it go. */
    static void ensurePortFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Tomcat: a port in TIME_WAIT is free
            InetAddress bindTo = StringUtils.hasText(address) ? InetAddress.getByName(address) : null;
            socket.bind(new InetSocketAddress(bindTo, port));
        } catch (IOException e) {
            throw new CannotStartException(
                    "port " + port
                            + (StringUtils.hasText(address) ? " on " + address : "")
                            + " is already in use (by another wreg server or another program); stop it or choose"
                            + " another port with --server.port=PORT",
                    e);
        }
    }
}
