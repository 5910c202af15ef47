package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code POST /v1/compositions}: socket and plugs, or a plan. Members left out are
 * not sent.
 *
 * @param socket the component whose imports are filled: {@code ns:name@requirement} or a blob digest
 * @param plugs the components whose exports fill them, in order
 * @param transitive also fill plugs' imports from the plugs after them
 * @param plan a WAC plan instead of socket and plugs; its packages resolve from this registry
 * @param invoke calls in WAVE syntax to smoke-run on the result, e.g. {@code run()}
 * @param publish publish the result as this release, signed by the registry's composer key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompositionRequest(
        @Schema(
                description = "ns:name@requirement (newest non-yanked match) or sha256:<hex> of an uploaded blob",
                example = "example:greeter@^1")
        String socket,

        @Schema(description = "plugs, each ns:name@requirement or sha256:<hex>")
        List<String> plugs,

        Boolean transitive,

        @Schema(
                description =
                        "a WAC composition plan instead of socket and plugs; `new ns:pkg@requirement` resolves from this registry")
        String plan,

        @Schema(description = "calls in WAVE syntax to smoke-run on the result")
        List<String> invoke,

        @Schema(description = "publish the result as this release, signed by the registry's composer key")
        PublishTarget publish) {

    /** A release to publish the result as. */
    public record PublishTarget(@JsonProperty("package") String pkg, String version) {}

    /** A composition of a socket and its plugs. */
    public static CompositionRequest plug(
            String socket, List<String> plugs, boolean transitive, List<String> invoke, PublishTarget publish) {
        return new CompositionRequest(socket, plugs, transitive, null, invoke, publish);
    }

    public List<String> plugsOrEmpty() {
        return plugs == null ? List.of() : plugs;
    }

    public List<String> invokeOrEmpty() {
        return invoke == null ? List.of() : invoke;
    }

    public boolean isTransitive() {
        return Boolean.TRUE.equals(transitive);
    }
}
