package dev.wreg.cli.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.Wreg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code wreg search} asks and prints: the parameters it sends, a table on a terminal, one
 * tab-separated line per hit otherwise, the registry's JSON with {@code --json}, and the checks it
 * makes before sending anything. The registry is a stub answering one canned page.
 */
class SearchCommandTest {

    private static final String PAGE = """
            {"hits":[
              {"package":"calc:provider","namespace":"calc","latest":"1.1.0","version":"1.1.0",
               "description":"Integer arithmetic,\\n  reliable","matchedInterfaces":["example:calc/ops@1.1.0"],
               "yanked":false,"deprecated":null},
              {"package":"calc:old","namespace":"calc","latest":null,"version":"0.1.0","description":null,
               "matchedInterfaces":["example:calc/ops@0.1.0"],"yanked":true,"deprecated":"use calc:provider"}
            ],"page":1,"perPage":2,"total":3}
            """;

    @TempDir
    Path home;

    private HttpServer server;
    private final List<String> queries = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/search", exchange -> {
            queries.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private record Run(int code, String out, String err) {}

    private Run run(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(
                Map.of(
                        "HOME", home.toString(),
                        "XDG_CONFIG_HOME", home.resolve("config").toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toString(),
                        "XDG_STATE_HOME", home.resolve("state").toString(),
                        "WREG_REGISTRY",
                                "http://127.0.0.1:" + server.getAddress().getPort()),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                home,
                terminal);
        int code = Wreg.run(env, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTerminalGetsATable() {
        Run r = run(true, "search", "calc", "--exports", "example:calc/ops@1.0.0", "--per-page", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(queries).containsExactly("q=calc&exports=example:calc/ops@1.0.0&page=1&per_page=2");
        assertThat(r.out()).isEqualTo("""
                PACKAGE        VERSION                    INTERFACES              DESCRIPTION
                calc:provider  1.1.0                      example:calc/ops@1.1.0  Integer arithmetic, reliable
                calc:old       0.1.0 (yanked,deprecated)  example:calc/ops@0.1.0
                """);
        assertThat(r.err()).isEqualTo("page 1 of 2 (3 packages); --page N for more\n");
    }

    @Test
    void aPipeGetsOneTabSeparatedLinePerHitAndJsonIsTheAnswer() {
        Run plain = run(false, "search", "--imports", "example:calc/ops", "--namespace", "calc");
        assertThat(plain.code()).isZero();
        assertThat(queries).containsExactly("imports=example:calc/ops&namespace=calc&page=1&per_page=20");
        assertThat(plain.out())
                .isEqualTo("calc:provider\t1.1.0\texample:calc/ops@1.1.0\t\tInteger arithmetic, reliable\n"
                        + "calc:old\t0.1.0\texample:calc/ops@0.1.0\tyanked,deprecated\t\n");

        Run json = run(false, "search", "calc", "--json");
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"package\" : \"calc:provider\"").contains("\"total\" : 3");
    }

    @Test
    void badQueriesFailBeforeAnythingIsSent() {
        Run tooLong = run(false, "search", "x".repeat(10 * 1024));
        assertThat(tooLong.code()).isEqualTo(2);
        assertThat(tooLong.err()).isEqualTo("wreg: the query is 10240 characters long; at most 256 are accepted\n");
        Run badInterface = run(false, "search", "--exports", "example:calc");
        assertThat(badInterface.code()).isEqualTo(2);
        assertThat(badInterface.err()).startsWith("wreg: --exports example:calc: interface name");
        Run nothing = run(false, "search");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(queries).isEmpty();

        Run operators = run(false, "search", "calc & | ! \"quoted -not");
        assertThat(operators.code()).as("operators are text for the registry").isZero();
        assertThat(queries).containsExactly("q=calc & | ! \"quoted -not&page=1&per_page=20");
    }
}
