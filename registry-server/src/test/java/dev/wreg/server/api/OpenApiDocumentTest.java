package dev.wreg.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.server.support.RegistryIntegrationTest;
import dev.wreg.testsupport.GoldenFile;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in {@code docs/openapi.json} is what the server serves. Compared as JSON trees, so
 * formatting never makes it flaky. The test never writes it: regenerate it with
 * {@code -Dwreg.update-golden=true} (that run fails, see {@link GoldenFile}) and commit the result.
 */
class OpenApiDocumentTest extends RegistryIntegrationTest {

    private static final JsonMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Test
    void checkedInDocumentMatchesTheServedOne() throws IOException {
        HttpResponse<byte[]> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode served = JSON.readTree(response.body());
        assertThat(served.path("paths").has("/v1/packages/{pkg}/records")).isTrue();

        Path file = documentFile();
        GoldenFile.updateIfRequested(file, PRETTY.writeValueAsString(PRETTY.treeToValue(served, Object.class)) + "\n");
        JsonNode checkedIn = JSON.readTree(GoldenFile.read(file));
        assertThat(checkedIn)
                .as("docs/openapi.json is stale: run this test with -D%s=true, review and commit it", GoldenFile.UPDATE)
                .isEqualTo(served);
    }

    @Test
    void documentsWhatTheServerReallyAnswers() throws IOException {
        JsonNode paths = JSON.readTree(get("/v3/api-docs").body()).path("paths");
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            assertThat(path.getKey()).as("no container error path, no wildcard").doesNotStartWith("/error");
            assertThat(path.getKey()).doesNotContain("*");
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                operations.add(name);
                JsonNode responses = operation.getValue().path("responses");
                assertThat(responses.has("500") && responses.has("503"))
                        .as("%s documents 500 and 503", name)
                        .isTrue();
                for (Map.Entry<String, JsonNode> response : responses.properties()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertThat(response.getValue()
                                        .path("content")
                                        .path("application/problem+json")
                                        .path("schema")
                                        .path("$ref")
                                        .asString())
                                .as("%s %s is problem+json", name, response.getKey())
                                .isEqualTo("#/components/schemas/Problem");
                    }
                }
            }
        }
        assertThat(operations)
                .as("every operation has its statuses listed in ApiStatuses, and nothing else is listed")
                .isEqualTo(new TreeSet<>(ApiStatuses.OPERATIONS.keySet()));

        JsonNode compose = paths.path("/v1/compositions").path("post").path("responses");
        assertThat(compose.has("201") && compose.has("202")).isTrue();
        assertThat(compose.has("200")).as("a composition is never answered 200").isFalse();
        assertThat(compose.path("202")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/CompositionView");
        assertThat(paths.path("/v1/packages/{pkg}/records")
                        .path("post")
                        .path("responses")
                        .has("422"))
                .isTrue();
        assertThat(paths.has("/log/tile/{level}/{index}") && paths.has("/log/tile/entries/{index}"))
                .isTrue();
    }

    @Test
    void listedErrorStatusesAreWhatTheServerAnswers() throws IOException {
        // 401 really is what an anonymous namespace claim gets, as documented.
        HttpResponse<byte[]> claim = postJson("/v1/namespaces", null, Map.of("namespace", uniqueNamespace()));
        assertThat(claim.statusCode()).isEqualTo(401);
        assertThat(ApiStatuses.OPERATIONS.get("POST /v1/namespaces").errors()).contains(401);
        // A tile beyond the log and a malformed tile path are both 404, the one error tiles document.
        assertThat(get("/log/tile/0/x999/999").statusCode()).isEqualTo(404);
        assertThat(get("/log/tile/zz/000").statusCode()).isEqualTo(404);
        assertThat(ApiStatuses.OPERATIONS.get("GET /log/tile/{level}/{index}").errors())
                .containsExactly(404);
        // A composition of a package that does not exist is refused with a documented status.
        int refused = postJson(
                        "/v1/compositions",
                        ADMIN_TOKEN,
                        Map.of("socket", "nosuch:pkg@1.0.0", "plugs", java.util.List.of()))
                .statusCode();
        assertThat(ApiStatuses.OPERATIONS.get("POST /v1/compositions").errors()).contains(refused);
    }

    private static Path documentFile() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolve("../docs/openapi.json").normalize();
    }
}
