package dev.wreg.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.server.ratelimit.RateLimitProperties.Limit;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The rate limits over HTTP. The tests' requests come from loopback, which is not limited by
 * default; each test turns loopback limiting on with small buckets and puts the defaults back.
 */
class RateLimitIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    private RateLimitFilter limits;

    private RateLimitProperties original;

    @BeforeEach
    void remember() {
        original = limits.properties();
    }

    @AfterEach
    void restore() {
        limits.configure(original);
    }

    private void limitLoopback(Limit anonymous, Limit authenticated, Limit publish) {
        limits.configure(new RateLimitProperties(true, true, anonymous, authenticated, publish, 1000));
    }

    private HttpResponse<byte[]> read(String token) {
        return read("/v1/operator", token);
    }

    private HttpResponse<byte[]> read(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    @Test
    void loopbackClientsAreNotLimitedByDefault() {
        assertThat(original.loopback()).isFalse();
        limits.configure(new RateLimitProperties(true, false, new Limit(1.0, 1), new Limit(1.0, 1), null, 1000));
        for (int i = 0; i < 20; i++) {
            assertThat(read(null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void pastTheBurstA429WithRetryAfterAndAfterWaitingRequestsPassAgain() throws Exception {
        // Slow refills (one request every 4 s), so a loaded machine cannot refill between requests.
        limitLoopback(new Limit(0.25, 3), new Limit(0.25, 3), null);
        for (int i = 0; i < 3; i++) {
            assertThat(read(null).statusCode())
                    .as("request %d of the burst", i + 1)
                    .isEqualTo(200);
        }
        HttpResponse<byte[]> refused = read(null);
        JsonNode problem = assertProblem(refused, 429, "too-many-requests");
        assertThat(problem.path("requestId").asString())
                .isEqualTo(refused.headers().firstValue("X-Request-Id").orElseThrow());
        String retryAfter = refused.headers().firstValue("Retry-After").orElseThrow();
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 4);

        // A token has a bucket of its own: the address being out does not stop it.
        assertThat(read(ADMIN_TOKEN).statusCode()).isEqualTo(200);

        Thread.sleep(Integer.parseInt(retryAfter) * 1000L + 100);
        assertThat(read(null).statusCode()).isEqualTo(200);
    }

    @Test
    void eachTokenHasItsOwnBucket() {
        String other = issueToken(List.of("publish"), null, null);
        limitLoopback(new Limit(0.5, 1), new Limit(0.5, 2), null);
        assertThat(read(ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(read(ADMIN_TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> refused = read(ADMIN_TOKEN);
        assertProblem(refused, 429, "too-many-requests");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(read(other).statusCode()).isEqualTo(200);
    }

    @Test
    void publishesHaveTheirOwnSmallerLimit() {
        limitLoopback(new Limit(100.0, 100), new Limit(100.0, 100), new Limit(0.5, 2));
        String pkg = uniqueNamespace() + ":limited";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(postJson("/v1/packages/" + pkg + "/records", ADMIN_TOKEN, "{}".getBytes())
                    .statusCode());
        }
        // Two refused for what they are (a malformed envelope), the third for the rate.
        assertThat(statuses.subList(0, 2)).doesNotContain(429);
        assertThat(statuses.get(2)).isEqualTo(429);
        // Reads with the same token are not publishes.
        assertThat(read(ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void guessingTokensIsPaidForByTheAddress() {
        limitLoopback(new Limit(0.2, 2), new Limit(100.0, 100), null);
        String wrong = "wreg_NoSuchTokenAtAll0123456789abcdef";
        // Each wrong token answered 401 costs the address a request, down into debt.
        for (int i = 0; i < 3; i++) {
            assertThat(read("/v1/whoami", wrong).statusCode()).isEqualTo(401);
        }
        HttpResponse<byte[]> refused = read("/v1/whoami", wrong);
        assertProblem(refused, 429, "too-many-requests");
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isGreaterThan(1);
    }
}
