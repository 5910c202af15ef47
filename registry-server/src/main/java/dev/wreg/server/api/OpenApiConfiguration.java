package dev.wreg.server.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's fixed parts. The server URL is relative so the document does not depend
 * on the host or port it was fetched from (and the checked-in copy stays byte-stable).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI wregOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("wreg registry API")
                        .version("v1")
                        .description(
                                "Signed WebAssembly component registry. Errors are RFC 9457 problem+json with a stable `code`.")
                        .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(
                                "token",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("wreg_… API token")));
    }

    /** Real success and error statuses, problem+json errors, tile path templates, no /error. */
    @Bean
    OpenApiCustomizer wregApiStatuses() {
        return new ApiStatuses();
    }
}
