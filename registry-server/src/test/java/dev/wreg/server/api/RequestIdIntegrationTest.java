package dev.wreg.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Every error names its request: header, problem body, and the log line it caused. */
@ExtendWith(OutputCaptureExtension.class)
class RequestIdIntegrationTest extends RegistryIntegrationTest {

    private HttpResponse<byte[]> getWithId(String path, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return send(request);
    }

    @Test
    void aRequestIdTheClientSentIsEchoedInTheHeaderAndTheProblem() {
        HttpResponse<byte[]> response = getWithId("/v1/namespaces/" + uniqueNamespace(), "client-req.42:a");
        JsonNode problem = assertProblem(response, 404, "not-found");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("client-req.42:a");
        assertThat(problem.path("requestId").asString()).isEqualTo("client-req.42:a");
    }

    @Test
    void withoutOneOrWithAnUnsafeOneTheServerMakesOneUp() {
        for (String sent : new String[] {null, "has space", "x".repeat(65), "line\tbreak"}) {
            HttpResponse<byte[]> response = getWithId("/v1/namespaces/" + uniqueNamespace(), sent);
            JsonNode problem = assertProblem(response, 404, "not-found");
            String id = response.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(id).as("for %s", sent).matches("[0-9a-f]{16}");
            assertThat(problem.path("requestId").asString()).isEqualTo(id);
        }
        assertThat(getWithId("/v1/namespaces/" + uniqueNamespace(), "x".repeat(64))
                        .headers()
                        .firstValue("X-Request-Id"))
                .hasValue("x".repeat(64));
    }

    @Test
    void problemsMadeOutsideTheControllersCarryItToo() {
        // Refused by Tomcat before any filter ran (an encoded '/' in the path).
        HttpResponse<byte[]> malformed = get("/v1/packages/..%2F..%2Fx:y/records");
        JsonNode problem = assertProblem(malformed, 400, "invalid-request");
        assertThat(problem.path("requestId").asString())
                .matches("[0-9a-f]{16}")
                .isEqualTo(malformed.headers().firstValue("X-Request-Id").orElseThrow());

        // Refused by a filter (the body limit).
        HttpResponse<byte[]> tooLarge = postJson("/v1/tokens", ADMIN_TOKEN, new byte[40 * 1024]);
        JsonNode bodyProblem = assertProblem(tooLarge, 413, "payload-too-large");
        assertThat(bodyProblem.path("requestId").asString())
                .isEqualTo(tooLarge.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void theLogLineOfAFailureCarriesTheIdTheErrorPageShows(CapturedOutput output) {
        HttpResponse<byte[]> page = getWithId("/test-only/broken-page", "broken-page-7");
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.headers().firstValue("X-Request-Id")).hasValue("broken-page-7");
        assertThat(text(page)).contains("broken-page-7");
        assertThat(output.getAll()
                        .lines()
                        .filter(line -> line.contains("page /test-only/broken-page failed"))
                        .toList())
                .singleElement()
                .asString()
                .contains("[broken-page-7]");

        // An HTML error page that is not a failure still names its request in the header.
        HttpResponse<byte[]> notFound = send(HttpRequest.newBuilder(uri("/packages/" + uniqueNamespace() + "/nope"))
                .header("Accept", "text/html")
                .header("X-Request-Id", "html-404")
                .GET());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("X-Request-Id")).hasValue("html-404");
    }
}
