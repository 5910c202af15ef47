package dev.wreg.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.server.support.RegistryIntegrationTest;
import dev.wreg.testsupport.GoldenFile;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

    private static Path documentFile() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolve("../docs/openapi.json").normalize();
    }
}
