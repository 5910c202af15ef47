package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI as a cargo, npm or wkg user meets it (issue 18 §2), with the real {@code ./wreg} against
 * the real server: help, typos, login that checks the token, tokens without curl, whoami, and
 * claiming a namespace one already owns.
 */
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliUsabilityEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistryUnderTest registry;

    @BeforeAll
    void joinTheSharedServer(RegistryUnderTest registry) {
        this.registry = registry;
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, registry.logTail())
                .isZero();
        return result;
    }

    private static String assertFails(WregRunner.Result result, int exitCode, String part) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        List<String> lines = result.stderr().strip().lines().toList();
        assertThat(lines).as(result.toString()).hasSize(1);
        assertThat(lines.getFirst()).startsWith("wreg: ").contains(part);
        return lines.getFirst();
    }

    @Test
    void helpVersionAndTypos() throws Exception {
        WregRunner wreg = registry.user("newcomer");
        assertThat(ok(wreg, "publish", "--help").stdout()).startsWith("Usage: wreg publish");
        assertThat(ok(wreg, "help", "fetch").stdout()).startsWith("Usage: wreg fetch");
        assertThat(ok(wreg, "version").stdout()).startsWith("wreg ");
        assertFails(wreg.run("pubish"), 2, "did you mean 'publish'?");
        assertThat(ok(wreg, "completion", "bash").stdout()).contains("_complete_wreg");
    }

    @Test
    void loginChecksTheTokenWithTheRegistry() throws Exception {
        WregRunner wreg = registry.user("login-checker");
        assertFails(
                wreg.runWithInput("wreg_notatokenthisregistryissued0123\n", "login", "--token-stdin"),
                4,
                "refused this token");
        assertThat(wreg.home().resolve("config/wreg/credentials.json")).doesNotExist();

        WregRunner.Result login = wreg.runWithInput(registry.bootstrapToken() + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stderr())
                .contains("logged in to " + registry.baseUri() + " as token bootstrap (scopes: admin)");
        assertThat(ok(wreg, "whoami").stdout()).contains("registry: " + registry.baseUri(), "bootstrap");

        WregRunner elsewhere = registry.user("login-checker", java.net.URI.create("http://no-such-host.invalid:8080"));
        assertFails(
                elsewhere.runWithInput(registry.bootstrapToken() + "\n", "login", "--token-stdin"),
                7,
                "cannot find host 'no-such-host.invalid'");
    }

    @Test
    void tokensAreCreatedListedAndRevokedWithoutCurl() throws Exception {
        WregRunner admin = registry.loggedIn("token-admin");
        String ns = registry.namespace("tokens");
        WregRunner.Result created =
                ok(admin, "token", "create", "--scope", "publish,claim", "--package", ns + ":*", "--description", "ci");
        String token = created.stdout().strip();
        assertThat(token).startsWith("wreg_");
        assertThat(created.stderr()).contains("created token tok_");
        String id = created.stderr().replaceAll("(?s).*created token (tok_\\w+).*", "$1");

        JsonNode listed = JSON.readTree(ok(admin, "token", "list", "--json").stdout());
        assertThat(listed.toString()).contains(id);
        assertThat(ok(admin, "token", "list").stdout())
                .contains(id + "  scopes: publish, claim  packages: " + ns + ":*");

        WregRunner ci = registry.user("token-ci");
        ok(ci, "key", "new");
        WregRunner.Result login = ci.runWithInput(token + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stderr()).contains("as token " + id);
        ok(ci, "namespace", "claim", ns);
        // Claiming a namespace you already own changes nothing and succeeds.
        assertThat(ok(ci, "namespace", "claim", ns).stderr()).contains("is already yours");

        assertFails(admin.run("token", "revoke", token), 2, "not its secret");
        ok(admin, "token", "revoke", id);
        assertFails(ci.run("whoami"), 4, "revoked");
    }
}
