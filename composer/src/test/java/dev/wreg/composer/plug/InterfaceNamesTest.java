package dev.wreg.composer.plug;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenarios 5 and 6 of composition-anchors.md §5: same-track skew matches, cross-track does not. */
class InterfaceNamesTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "a:b/c@0.2.0, a:b/c@0.2.3, true",
        "a:b/c@1.0.0, a:b/c@1.4.0, true",
        "a:b/c@0.2.0, a:b/c@0.3.0, false",
        "a:b/c@1.9.0, a:b/c@2.0.0, false",
        "a:b/c@0.0.1, a:b/c@0.0.2, false",
        "a:b/c@1.0.0-rc.1, a:b/c@1.0.0, false",
        "a:b/c@1.0.0, a:b/d@1.0.0, false",
        "a:b/c, a:b/c, true",
    })
    void compatibility(String a, String b, boolean expected) {
        assertThat(InterfaceNames.compatible(a, b)).isEqualTo(expected);
        assertThat(InterfaceNames.compatible(b, a)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void versionsCompareNumerically() {
        assertThat(InterfaceNames.compareVersions("a:b/c@0.2.10", "a:b/c@0.2.9"))
                .isPositive();
        assertThat(InterfaceNames.track("a:b/c@0.2.10")).contains("a:b/c@0.2");
        assertThat(InterfaceNames.track("a:b/c@3.1.0")).contains("a:b/c@3");
    }
}
