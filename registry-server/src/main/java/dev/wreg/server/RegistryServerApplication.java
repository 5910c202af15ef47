package dev.wreg.server;

import dev.wreg.server.database.EmbeddedPostgresHeadStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The wreg registry server. */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class RegistryServerApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(RegistryServerApplication.class);
        application.addListeners(new EmbeddedPostgresHeadStart());
        application.run(args);
    }
}
