package dev.wreg.protocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class ProblemTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How a client reads answers: what it does not know, or what is missing, is no reason to fail. */
    private static final JsonMapper CLIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    @Test
    void writesTheRfc9457MembersInOrderWithTheCode() {
        Problem problem = Problem.of(409, ProblemCodes.VERSION_EXISTS, "example:hello@1.0.0 already exists");

        assertThat(JSON.writeValueAsString(problem))
                .isEqualTo("{\"type\":\"https://wreg.dev/problems/version-exists\",\"title\":\"Version exists\","
                        + "\"status\":409,\"detail\":\"example:hello@1.0.0 already exists\","
                        + "\"code\":\"version-exists\"}");
    }

    @Test
    void readsWhatItWritesAndToleratesMissingMembers() {
        Problem problem = Problem.of(404, ProblemCodes.NOT_FOUND, "no package example:nope");
        assertThat(JSON.readValue(JSON.writeValueAsString(problem), Problem.class))
                .isEqualTo(problem);

        Problem bare = CLIENT.readValue("{\"code\":\"stale-prev\",\"instance\":\"/x\"}", Problem.class);
        assertThat(bare.code()).isEqualTo("stale-prev");
        assertThat(bare.detail()).isNull();
        assertThat(bare.withStatus(409).status()).isEqualTo(409);
    }

    @Test
    void carriesTheRequestIdLastAndOnlyWhenThereIsOne() {
        Problem problem =
                Problem.of(429, ProblemCodes.TOO_MANY_REQUESTS, "slow down").withRequestId("req-1");

        assertThat(JSON.writeValueAsString(problem))
                .endsWith(",\"code\":\"too-many-requests\",\"requestId\":\"req-1\"}");
        assertThat(JSON.readValue(JSON.writeValueAsString(problem), Problem.class))
                .isEqualTo(problem);
        assertThat(problem.withStatus(503).requestId()).isEqualTo("req-1");
        assertThat(JSON.writeValueAsString(problem.withRequestId(null))).doesNotContain("requestId");
    }

    @Test
    void titleIsTheCodeInWords() {
        assertThat(Problem.titleOf("not-a-component")).isEqualTo("Not a component");
        assertThat(Problem.titleOf("conflict")).isEqualTo("Conflict");
        assertThat(Problem.titleOf("")).isEmpty();
    }
}
