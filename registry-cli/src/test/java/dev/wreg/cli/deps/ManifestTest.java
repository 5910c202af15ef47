package dev.wreg.cli.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.protocol.name.PackageName;
import org.junit.jupiter.api.Test;

class ManifestTest {

    @Test
    void readsPackagesInterfacesProvidersAndTheHost() {
        Manifest m = Manifest.parse("wreg.toml", """
                [package]
                name = "demo:app"
                world = "app"
                wit = "wit"

                [dependencies]
                "calc:consumer" = "^1"
                "example:calc/ops" = "^1.1"
                "example:greeter/greet" = { version = "*", package = "greet:upper" }

                [host]
                provides = ["wasi:*", "my:runtime/*", "my:host/clock"]
                """);
        assertThat(m.name()).isEqualTo(new PackageName("demo", "app"));
        assertThat(m.world()).isEqualTo("app");
        assertThat(m.witDir()).isEqualTo("wit");
        assertThat(m.dependencies())
                .extracting(Manifest.Dependency::key)
                .containsExactly("calc:consumer", "example:calc/ops", "example:greeter/greet");
        assertThat(m.dependencies().get(0)).isInstanceOf(Manifest.PackageDependency.class);
        Manifest.InterfaceDependency greet =
                (Manifest.InterfaceDependency) m.dependencies().get(2);
        assertThat(greet.provider()).isEqualTo(new PackageName("greet", "upper"));
        assertThat(greet.requirementText()).isEqualTo("*");
        assertThat(m.hostProvides("wasi:http/types")).isTrue();
        assertThat(m.hostProvides("my:runtime/anything")).isTrue();
        assertThat(m.hostProvides("my:host/clock")).isTrue();
        assertThat(m.hostProvides("my:host/other")).isFalse();
        assertThat(m.hostProvides("example:calc/ops")).isFalse();
    }

    @Test
    void defaultsAreAWitFolderAndAWasiHost() {
        Manifest m = Manifest.parse("wreg.toml", "[dependencies]\n\"a:b\" = \"1.0.0\"\n");
        assertThat(m.name()).isNull();
        assertThat(m.witDir()).isEqualTo("wit");
        assertThat(m.hostProvides()).containsExactly("wasi:*");
    }

    @Test
    void refusesWhatItCannotUseWithTheEntryNamed() {
        String[][] cases = {
            {"[dependencies]\n\"a:b\" = \"^x\"\n", "dependency \"a:b\" has an invalid requirement '^x'"},
            {"[dependencies]\n\"A:b\" = \"1\"\n", "dependency \"A:b\""},
            {"[dependencies]\n\"a:b/c@1.0.0\" = \"*\"\n", "name the interface without a version"},
            {"[dependencies]\n\"a:b\" = { version = \"1\", package = \"c:d\" }\n", "'package' only settles"},
            {"[dependencies]\n\"a:b\" = 3\n", "must be a version requirement"},
            {"[dependencies]\n\"a:b/c\" = { version = \"*\", pkg = \"c:d\" }\n", "unknown key pkg"},
            {"[depends]\n", "unknown table [depends]"},
            {"[package]\nwit = \"../elsewhere\"\n", "package.wit must be a folder inside the project"},
            {"[host]\nprovides = [\"wasi\"]\n", "host.provides entry 'wasi'"},
            {"[dependencies\n", "is not valid TOML"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> Manifest.parse("wreg.toml", c[0]))
                    .as(c[0])
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining(c[1])
                    .extracting(e -> ((CliException) e).exitCode())
                    .isEqualTo(ExitCode.USAGE);
        }
    }
}
