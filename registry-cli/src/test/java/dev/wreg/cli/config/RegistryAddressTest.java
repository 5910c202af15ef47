package dev.wreg.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryAddressTest {

    @Test
    void spellingsOfOneRegistryShareCredentialsAndPins() {
        RegistryAddress a = RegistryAddress.parse("HTTP://Registry.Example:8080/");
        RegistryAddress b = RegistryAddress.parse("http://registry.example:8080");
        assertThat(a).isEqualTo(b);
        assertThat(a.toString()).isEqualTo("http://registry.example:8080");
        assertThat(a.label()).isEqualTo("registry.example_8080");
        assertThat(a.resolve("/v1/operator").toString()).isEqualTo("http://registry.example:8080/v1/operator");
    }

    @Test
    void aPathPrefixIsKept() {
        RegistryAddress a = RegistryAddress.parse("https://example.org/wreg/");
        assertThat(a.resolve("/v1/packages/a:b").toString()).isEqualTo("https://example.org/wreg/v1/packages/a:b");
        assertThat(a.label()).isEqualTo("example.org_wreg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "ftp://example.org", "https://user:pw@example.org", "http://x?y=1", "::"})
    void otherAddressesAreUsageErrors(String text) {
        assertThatThrownBy(() -> RegistryAddress.parse(text))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
