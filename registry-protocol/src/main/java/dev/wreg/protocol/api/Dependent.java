package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A release whose imports a package's exports satisfy.
 *
 * @param pkg the dependent package, {@code ns:name}
 * @param version the dependent release
 * @param imports the satisfied imports, as {@code ns:pkg/iface@version}
 */
public record Dependent(
        @JsonProperty("package") String pkg, String version, List<String> imports, boolean yanked, String deprecated) {

    public Dependent {
        imports = List.copyOf(imports);
    }
}
