package dev.wreg.server.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

/**
 * Makes the OpenAPI document say what the server really answers: the success statuses each
 * operation returns (201 and 202 for a composition, not the 200 springdoc infers), every error
 * status it refuses with as {@code application/problem+json}, and the log's tiles as the path
 * templates of c2sp.org/tlog-tiles instead of the {@code /log/tile/**} the controller maps.
 *
 * <p>The statuses are listed here, per operation, from what the controllers and services answer;
 * {@code OpenApiDocumentTest} fails when an operation has no entry, so a new endpoint is listed too.
 */
public final class ApiStatuses implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    static final String TILE_MAPPING = "/log/tile/**";

    /**
     * Every operation can be refused by a rate limit (429), fail inside (500) or lose its database
     * or blob store (503).
     */
    static final List<Integer> ALWAYS = List.of(429, 500, 503);

    /** {@code "METHOD path"} → success statuses, then error statuses beyond {@link #ALWAYS}. */
    static final Map<String, Statuses> OPERATIONS = operations();

    /**
     * @param body the schema of the success bodies, when springdoc cannot infer it (a handler
     *     answering {@code ResponseEntity<?>}); null keeps what it inferred
     */
    record Statuses(List<Integer> success, List<Integer> errors, String body) {}

    private static Map<String, Statuses> operations() {
        Map<String, Statuses> m = new LinkedHashMap<>();
        m.put("GET /.well-known/wasm-pkg/registry.json", of(List.of(200), List.of()));
        m.put("GET /log/checkpoint", of(List.of(200), List.of()));
        m.put("GET /log/vkey", of(List.of(200), List.of()));
        m.put("GET /log/tile/{level}/{index}", of(List.of(200), List.of(404)));
        m.put("GET /log/tile/entries/{index}", of(List.of(200), List.of(404)));
        m.put("GET /log/proof/inclusion", of(List.of(200), List.of(400, 404)));
        m.put("GET /log/proof/consistency", of(List.of(200), List.of(400)));
        m.put("GET /v1/blobs/{digest}", of(List.of(200, 206), List.of(400, 404, 416)));
        m.put("PUT /v1/blobs/{digest}", of(List.of(200, 201), List.of(400, 401, 403, 413, 415)));
        m.put("GET /v1/composer", of(List.of(200), List.of(404)));
        m.put(
                "POST /v1/compositions",
                new Statuses(List.of(201, 202), List.of(400, 401, 403, 404, 409, 413, 415, 422), "CompositionView"));
        m.put("GET /v1/compositions/{id}", of(List.of(200), List.of(400, 404)));
        m.put("GET /v1/interfaces/{pkg}/{iface}", of(List.of(200, 304), List.of(400, 404)));
        m.put("POST /v1/namespaces", of(List.of(201), List.of(400, 401, 403, 409, 413, 415)));
        m.put("GET /v1/namespaces/{namespace}", of(List.of(200), List.of(400, 404)));
        m.put("GET /v1/namespaces/{namespace}/policy", of(List.of(200), List.of(400)));
        m.put("GET /v1/operator", of(List.of(200), List.of()));
        m.put("GET /v1/operator/records", of(List.of(200), List.of(400)));
        m.put("GET /v1/packages", of(List.of(200), List.of(400)));
        m.put("GET /v1/packages/{pkg}", of(List.of(200, 304), List.of(400, 404)));
        m.put("GET /v1/packages/{pkg}/dependents", of(List.of(200, 304), List.of(400, 404)));
        m.put("GET /v1/packages/{pkg}/records", of(List.of(200), List.of(400, 404)));
        m.put(
                "POST /v1/packages/{pkg}/records",
                of(List.of(200, 201), List.of(400, 401, 403, 404, 409, 413, 415, 422)));
        m.put("GET /v1/search", of(List.of(200, 304), List.of(400)));
        m.put("POST /v1/tokens", of(List.of(201), List.of(400, 401, 403, 413, 415)));
        m.put("GET /v1/tokens", of(List.of(200), List.of(401)));
        m.put("GET /v1/whoami", of(List.of(200), List.of(401)));
        m.put("DELETE /v1/tokens/{id}", of(List.of(204), List.of(401, 403, 404)));
        m.put("POST /witness/add-checkpoint", of(List.of(200), List.of(400, 403, 404, 409, 413, 422)));
        m.put("GET /witness/vkey", of(List.of(200), List.of(404)));
        return Map.copyOf(m);
    }

    private static Statuses of(List<Integer> success, List<Integer> errors) {
        return new Statuses(success, errors, null);
    }

    @Override
    public void customise(OpenAPI openApi) {
        Paths paths = openApi.getPaths();
        if (paths == null) {
            return;
        }
        paths.keySet().removeIf(path -> path.equals("/error") || path.startsWith("/error/"));
        templateTiles(paths);
        openApi.getComponents().addSchemas(PROBLEM, problemSchema());
        paths.forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Statuses statuses = OPERATIONS.get(method + " " + path);
            if (statuses != null) {
                document(operation, statuses);
            }
        }));
    }

    /**
     * {@code /log/tile/**} becomes the two templates clients fetch: hash tiles and entry bundles.
     * {@code index} is the tile index in tlog-tiles' {@code x001/x234/067} form (it holds slashes),
     * optionally followed by {@code .p/<width>} for a partial tile.
     */
    private static void templateTiles(Paths paths) {
        PathItem tiles = paths.remove(TILE_MAPPING);
        if (tiles == null || tiles.getGet() == null) {
            return;
        }
        Operation get = tiles.getGet();
        Parameter index = new Parameter()
                .name("index")
                .in("path")
                .required(true)
                .description("tile index in c2sp.org/tlog-tiles form, e.g. `x001/x234/067`, optionally"
                        + " followed by `.p/<width>` for a partial tile (the only segments with slashes)")
                .schema(new StringSchema());
        Parameter level = new Parameter()
                .name("level")
                .in("path")
                .required(true)
                .description("tile level, 0 to 63")
                .schema(new IntegerSchema()
                        .minimum(java.math.BigDecimal.ZERO)
                        .maximum(java.math.BigDecimal.valueOf(63)));
        paths.addPathItem(
                "/log/tile/{level}/{index}",
                new PathItem()
                        .get(copy(get)
                                .summary("A hash tile (c2sp.org/tlog-tiles)")
                                .operationId("hashTile")
                                .parameters(List.of(level, index))));
        paths.addPathItem(
                "/log/tile/entries/{index}",
                new PathItem()
                        .get(copy(get)
                                .summary("An entry bundle (c2sp.org/tlog-tiles)")
                                .operationId("entryBundle")
                                .parameters(List.of(index))));
    }

    private static Operation copy(Operation o) {
        return new Operation()
                .tags(o.getTags())
                .description(o.getDescription())
                .responses(o.getResponses())
                .security(o.getSecurity());
    }

    private static void document(Operation operation, Statuses statuses) {
        ApiResponses given = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse inferred = given.values().stream()
                .filter(r -> r.getContent() != null)
                .findFirst()
                .orElse(null);
        ApiResponses responses = new ApiResponses();
        for (int status : statuses.success()) {
            ApiResponse response = given.get(Integer.toString(status));
            if (response == null) {
                response = new ApiResponse().description(reason(status));
                if (statuses.body() != null) {
                    response.content(new Content()
                            .addMediaType(
                                    org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                    new MediaType()
                                            .schema(new Schema<>().$ref("#/components/schemas/" + statuses.body()))));
                } else if (inferred != null && status != 204 && status != 304) {
                    response.content(inferred.getContent());
                }
            }
            responses.addApiResponse(Integer.toString(status), response);
        }
        Set<Integer> errors = new TreeSet<>(statuses.errors());
        errors.addAll(ALWAYS);
        for (int status : errors) {
            responses.addApiResponse(
                    Integer.toString(status),
                    new ApiResponse()
                            .description(reason(status) + " (problem+json; `code` says which)")
                            .content(new Content()
                                    .addMediaType(
                                            ProblemResponses.PROBLEM_JSON.toString(),
                                            new MediaType()
                                                    .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
        }
        operation.responses(responses);
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? Integer.toString(status) : known.getReasonPhrase();
    }

    /** {@link dev.wreg.protocol.api.Problem}: RFC 9457 members and wreg's stable {@code code}. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details; clients go by `code` and show `detail`")
                .addProperty("type", new StringSchema().description("https://wreg.dev/problems/<code>"))
                .addProperty("title", new StringSchema().description("the code in words"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what went wrong and what to fix"))
                .addProperty("code", new StringSchema().description("stable machine-readable code"))
                .addProperty(
                        "requestId",
                        new StringSchema()
                                .description("the ID the server answered and logged the request under (also the"
                                        + " X-Request-Id header); quote it to the operator"))
                .required(List.of("type", "title", "status", "code"));
    }
}
