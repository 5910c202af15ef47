package dev.wreg.protocol.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionReqTest {

    /** Expected answers follow Cargo's documented requirement semantics. */
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "^1.2.3 | 1.2.3 | true",
                "^1.2.3 | 1.9.0 | true",
                "^1.2.3 | 1.2.2 | false",
                "^1.2.3 | 2.0.0 | false",
                "^1.2 | 1.2.0 | true",
                "^1.2 | 1.99.0 | true",
                "^1.2 | 1.1.9 | false",
                "^1 | 1.0.0 | true",
                "^1 | 1.99.0 | true",
                "^1 | 2.0.0 | false",
                "^0.2.3 | 0.2.3 | true",
                "^0.2.3 | 0.2.9 | true",
                "^0.2.3 | 0.3.0 | false",
                "^0.2.3 | 0.2.2 | false",
                "^0.2 | 0.2.0 | true",
                "^0.2 | 0.3.0 | false",
                "^0.0.3 | 0.0.3 | true",
                "^0.0.3 | 0.0.4 | false",
                "^0.0 | 0.0.9 | true",
                "^0.0 | 0.1.0 | false",
                "^0 | 0.9.9 | true",
                "^0 | 1.0.0 | false",
                "1.2 | 1.3.0 | true",
                "1.2 | 2.0.0 | false",
                "1.2.3 | 1.2.4 | true",
                "0.1.2 | 0.1.5 | true",
                "0.1.2 | 0.2.0 | false",
                "~1.2.3 | 1.2.3 | true",
                "~1.2.3 | 1.2.9 | true",
                "~1.2.3 | 1.3.0 | false",
                "~1.2.3 | 1.2.2 | false",
                "~1.2 | 1.2.7 | true",
                "~1.2 | 1.3.0 | false",
                "~1 | 1.9.0 | true",
                "~1 | 2.0.0 | false",
                "~0.2.3 | 0.2.5 | true",
                "~0.2.3 | 0.3.0 | false",
                "=1.2.3 | 1.2.3 | true",
                "=1.2.3 | 1.2.4 | false",
                "=1.2 | 1.2.7 | true",
                "=1.2 | 1.3.0 | false",
                "=1 | 1.5.0 | true",
                ">1.2.3 | 1.2.4 | true",
                ">1.2.3 | 1.2.3 | false",
                ">1.2 | 1.2.9 | false",
                ">1.2 | 1.3.0 | true",
                ">1 | 1.9.9 | false",
                ">1 | 2.0.0 | true",
                ">=1.2.3 | 1.2.3 | true",
                ">=1.2 | 1.2.0 | true",
                ">=1.2 | 1.1.9 | false",
                "<1.2.3 | 1.2.2 | true",
                "<1.2.3 | 1.2.3 | false",
                "<1.2 | 1.1.9 | true",
                "<1.2 | 1.2.0 | false",
                "<=1.2 | 1.2.9 | true",
                "<=1.2 | 1.3.0 | false",
                "<=1.2.3 | 1.2.3 | true",
                "'>=1.0, <2.0' | 1.5.0 | true",
                "'>=1.0, <2.0' | 2.0.0 | false",
                "'>=1.0, <2.0' | 0.9.0 | false",
                "'>= 1.2.0, < 1.5' | 1.4.9 | true",
                "* | 0.0.1 | true",
                "* | 99.0.0 | true",
                "* | 1.0.0-alpha | false",
                "1.* | 1.4.0 | true",
                "1.* | 2.0.0 | false",
                "1.2.* | 1.2.9 | true",
                "1.2.* | 1.3.0 | false",
                "1.x | 1.0.0 | true",
                "=1.2.* | 1.2.5 | true",
                "'>=1.*' | 1.0.0 | true",
                "'>=1.*' | 0.9.0 | false",
                // Prereleases match only when a comparator names one of the same major.minor.patch.
                "^1.0 | 1.5.0-beta | false",
                ">=1.0.0 | 1.5.0-beta | false",
                "^1.2.3-alpha.1 | 1.2.3-alpha.2 | true",
                "^1.2.3-alpha.1 | 1.2.3-alpha.0 | false",
                "^1.2.3-alpha.1 | 1.2.3 | true",
                "^1.2.3-alpha.1 | 1.3.0 | true",
                "^1.2.3-alpha.1 | 1.2.4-alpha.1 | false",
                ">=1.2.3-alpha | 1.2.3-beta | true",
                ">=1.2.3-alpha | 1.3.0-beta | false",
                "~1.2.3-beta | 1.2.3-beta | true",
                "~1.2.3-beta | 1.2.3-alpha | false",
                "~1.2.3-beta | 1.2.4 | true",
                "=1.2.3-rc.1 | 1.2.3-rc.1 | true",
                "=1.2.3-rc.1 | 1.2.3 | false",
                "'>1.2.3-alpha, <1.2.3' | 1.2.3-beta | true",
                "<1.2.3-rc.1 | 1.2.3-beta | true",
                "<1.2.3-rc.1 | 1.2.2 | true",
                "^1.2.3 | 1.2.3+build | true",
            })
    void matchesLikeCargo(String req, String version, boolean expected) {
        assertThat(VersionReq.parse(req).matches(Version.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                ">=",
                "^",
                "1.2.3.4",
                "^01.2",
                "1.*.3",
                "1.2.3+build",
                "a.b.c",
                ">=1.0,",
                ",1.0",
                "1.2-alpha",
                "1.*-alpha",
                ">=*",
                "*, 1.0",
                "=>1.0",
                "^1.0.0-01"
            })
    void rejectsMalformedRequirements(String text) {
        assertThatThrownBy(() -> VersionReq.parse(text))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("code", "invalid-version-req");
    }

    @Test
    void capsTheLength() {
        assertThatThrownBy(() -> VersionReq.parse(">=1.0.0, ".repeat(200)))
                .hasFieldOrPropertyWithValue("code", "invalid-version-req");
    }

    @Test
    void bestPicksTheHighestMatchingRelease() {
        List<Version> versions = List.of("1.0.0", "1.2.0", "1.9.3", "2.0.0", "2.1.0-beta", "0.9.0").stream()
                .map(Version::parse)
                .toList();
        assertThat(VersionReq.parse("^1.2").best(versions)).contains(Version.parse("1.9.3"));
        assertThat(VersionReq.parse("*").best(versions)).contains(Version.parse("2.0.0"));
        assertThat(VersionReq.parse("~1.2").best(versions)).contains(Version.parse("1.2.0"));
        assertThat(VersionReq.parse(">=2.1.0-alpha").best(versions)).contains(Version.parse("2.1.0-beta"));
        assertThat(VersionReq.parse("^3").best(versions)).isEmpty();
        assertThat(VersionReq.parse("^1").best(List.of())).isEmpty();
    }

    @Test
    void printsAReadableForm() {
        assertThat(VersionReq.parse(">= 1.0, <2").toString()).isEqualTo(">=1.0, <2");
        assertThat(VersionReq.parse("1.2").toString()).isEqualTo("^1.2");
        assertThat(VersionReq.parse("1.2.*").toString()).isEqualTo("1.2.*");
        assertThat(VersionReq.parse("1.*").toString()).isEqualTo("1.*");
        assertThat(VersionReq.parse("*").toString()).isEqualTo("*");
        assertThat(VersionReq.parse("=1.2.3-rc.1").toString()).isEqualTo("=1.2.3-rc.1");
        assertThat(VersionReq.parse(VersionReq.parse("~1.2, <1.2.5").toString()))
                .isEqualTo(VersionReq.parse("~1.2, <1.2.5"));
    }
}
