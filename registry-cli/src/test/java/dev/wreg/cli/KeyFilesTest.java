package dev.wreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class KeyFilesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void keysAreOwnerOnlyFilesInAnOwnerOnlyDirectory() throws Exception {
        CliHarness wreg = new CliHarness(home);
        CliHarness.Result created = wreg.run("key", "new");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout().strip()).startsWith("ed25519:");

        Path keys = home.resolve("config/wreg/keys");
        assertThat(mode(keys)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("config/wreg"))).isEqualTo("rwx------");
        assertThat(mode(keys.resolve("default.key"))).isEqualTo("rw-------");
        // The file holds the private key; the output shows only the public one.
        assertThat(Files.readString(keys.resolve("default.key"))).startsWith("ed25519:");
        assertThat(Files.readString(keys.resolve("default.key")).strip())
                .isNotEqualTo(created.stdout().strip());
    }

    @Test
    void xdgConfigHomeDefaultsToDotConfigUnderHome() {
        CliHarness wreg = new CliHarness(home).with("XDG_CONFIG_HOME", "");
        assertThat(wreg.run("key", "new", "--name", "laptop").exitCode()).isZero();
        assertThat(home.resolve(".config/wreg/keys/laptop.key")).isRegularFile();
    }

    @Test
    void listAndShowDescribeKeysWithoutTheirSecrets() throws Exception {
        CliHarness wreg = new CliHarness(home);
        assertThat(wreg.run("key", "new").exitCode()).isZero();
        assertThat(wreg.run("key", "new", "--name", "ci", "--type", "ecdsa-p256")
                        .exitCode())
                .isZero();

        JsonNode list = JSON.readTree(wreg.run("key", "list", "--json").stdout());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("name").asString()).isEqualTo("ci");
        assertThat(list.get(0).path("type").asString()).isEqualTo("ecdsa-p256");
        assertThat(list.get(0).path("default").asBoolean()).isFalse();
        assertThat(list.get(1).path("default").asBoolean()).isTrue();

        JsonNode shown = JSON.readTree(wreg.run("key", "show", "ci", "--json").stdout());
        assertThat(shown.path("publicKey").asString()).startsWith("ecdsa-p256:");
        assertThat(shown.path("keyId").asString()).matches("sha256:[0-9a-f]{64}");
        String secret =
                Files.readString(home.resolve("config/wreg/keys/ci.key")).strip();
        assertThat(wreg.run("key", "show", "ci").stdout()).doesNotContain(secret);

        assertThat(wreg.run("key", "default", "ci").exitCode()).isZero();
        assertThat(JSON.readTree(wreg.run("key", "show", "--json").stdout())
                        .path("name")
                        .asString())
                .isEqualTo("ci");
    }

    @Test
    void aKeyNameIsNeverOverwritten() throws Exception {
        CliHarness wreg = new CliHarness(home);
        assertThat(wreg.run("key", "new").exitCode()).isZero();
        String before = Files.readString(home.resolve("config/wreg/keys/default.key"));
        CliHarness.Result again = wreg.run("key", "new");
        assertThat(again.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(again.errorLine()).startsWith("wreg: a key named 'default' already exists");
        assertThat(Files.readString(home.resolve("config/wreg/keys/default.key")))
                .isEqualTo(before);
    }

    @Test
    void aKeyFileOthersCanReadIsReportedWhenUsed() throws Exception {
        CliHarness wreg = new CliHarness(home);
        assertThat(wreg.run("key", "new").exitCode()).isZero();
        Path file = home.resolve("config/wreg/keys/default.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CliHarness.Result shown = wreg.run("key", "show");
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.stderr()).contains("warning: key file " + file + " has mode rw-r--r--");
    }

    @Test
    void badKeyNamesAndTypesAreUsageErrors() {
        CliHarness wreg = new CliHarness(home);
        assertThat(wreg.run("key", "new", "--name", "../escape").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wreg.run("key", "new", "--type", "rsa").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wreg.run("key", "show", "nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(home.resolve("escape.key")).doesNotExist();
    }

    @Test
    void loginStoresTheTokenOwnerOnlyPerRegistry() throws Exception {
        CliHarness wreg = new CliHarness(home);
        String token = "wreg_0123456789abcdefABCDEF";
        // login checks the token with the registry before it stores it.
        FakeRegistry registry = new FakeRegistry();
        String url = registry.url();
        CliHarness.Result login;
        try (registry) {
            login = wreg.runWithInput(token + "\n", "login", "--token-stdin", "--registry", url + "/");
        }
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stdout() + login.stderr()).doesNotContain(token);
        Path credentials = home.resolve("config/wreg/credentials.json");
        assertThat(mode(credentials)).isEqualTo("rw-------");
        JsonNode stored = JSON.readTree(Files.readString(credentials));
        assertThat(stored.path("registries").path(url).path("token").asString()).isEqualTo(token);

        assertThat(wreg.runWithInput("not a token\n", "login", "--token-stdin").exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(wreg.runWithInput("", "login", "--token-stdin").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wreg.run("logout", "--registry", url).exitCode()).isZero();
        assertThat(JSON.readTree(Files.readString(credentials))
                        .path("registries")
                        .has(url))
                .isFalse();
    }
}
