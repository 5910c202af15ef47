package dev.wreg.protocol.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0",
                "1.2.3",
                "10.20.30",
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-0.3.7",
                "1.0.0-x.7.z.92",
                "1.0.0-x-y-z.--",
                "1.0.0-alpha+001",
                "1.0.0+20130313144700",
                "1.0.0-beta+exp.sha.5114f85",
                "1.0.0+21AF26D3----117B344092BD",
                "1.0.0+0.build.1-rc.10000aaa-kk-0.1",
                "9223372036854775807.0.0",
                "1.0.0-99999999999999999999999"
            })
    void parsesSemVer(String text) {
        Version v = Version.parse(text);
        assertThat(v.toString()).isEqualTo(text);
        assertThat(Version.parse(v.toString())).isEqualTo(v);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "01.0.0",
                "1.01.0",
                "1.0.01",
                "1.0",
                "1",
                "1.0.0.0",
                "v1.0.0",
                " 1.0.0",
                "1.0.0 ",
                "1.0.0-",
                "1.0.0+",
                "1.0.0-01",
                "1.0.0-alpha..1",
                "1.0.0-alpha_beta",
                "1.0.0+build+again",
                "1.0.0-α",
                "-1.0.0",
                "1.-1.0",
                "a.b.c",
                "9223372036854775808.0.0",
                ""
            })
    void rejectsWhatSemVerRejects(String text) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("code", "invalid-version");
    }

    @Test
    void capsTheLength() {
        assertThatThrownBy(() -> Version.parse("1.0.0-" + "a".repeat(500)))
                .hasFieldOrPropertyWithValue("code", "invalid-version");
        String longest = "1.0.0-" + "a".repeat(Version.MAX_LENGTH - 6);
        assertThat(Version.parse(longest).toString()).hasSize(Version.MAX_LENGTH);
        assertThatThrownBy(() -> Version.parse(longest + "a")).hasFieldOrPropertyWithValue("code", "invalid-version");
        assertThatThrownBy(() -> new Version(1, 0, 0, List.of("a".repeat(300)), List.of()))
                .hasFieldOrPropertyWithValue("code", "invalid-version");
    }

    @Test
    void leadingZeroMessageNamesThePart() {
        assertThatThrownBy(() -> Version.parse("01.0.0")).hasMessageContaining("leading zero in its major");
    }

    @Test
    void precedenceFollowsSemVerSection11() {
        List<String> ordered = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.1.0",
                "2.0.0",
                "2.1.0",
                "2.1.1",
                "10.0.0");
        List<Version> versions =
                new ArrayList<>(ordered.stream().map(Version::parse).toList());
        Collections.shuffle(versions);
        Collections.sort(versions);
        assertThat(versions).extracting(Version::toString).containsExactlyElementsOf(ordered);
    }

    @Test
    void numericIdentifiersCompareNumericallyEvenBeyondLong() {
        assertThat(Version.parse("1.0.0-2")).isLessThan(Version.parse("1.0.0-10"));
        assertThat(Version.parse("1.0.0-99999999999999999999"))
                .isLessThan(Version.parse("1.0.0-100000000000000000000"));
        assertThat(Version.parse("1.0.0-999")).isLessThan(Version.parse("1.0.0-a"));
        assertThat(Version.parse("1.0.0-B")).isLessThan(Version.parse("1.0.0-a"));
    }

    @Test
    void buildMetadataIsIgnoredForPrecedenceButKept() {
        Version a = Version.parse("1.0.0+a");
        Version b = Version.parse("1.0.0+b");
        assertThat(a.compareTo(b)).isZero();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.toString()).isEqualTo("1.0.0+a");
        assertThat(a.withoutBuild()).isEqualTo(Version.of(1, 0, 0));
    }

    @Test
    void tracks() {
        assertThat(Version.parse("1.2.3").track()).isEqualTo("1");
        assertThat(Version.parse("12.0.0+build").track()).isEqualTo("12");
        assertThat(Version.parse("0.3.1").track()).isEqualTo("0.3");
        assertThat(Version.parse("0.0.4").track()).isEqualTo("0.0.4");
        assertThat(Version.parse("1.0.0-rc.1").track()).isEqualTo("1.0.0-rc.1");
        assertThat(Version.parse("1.0.0-rc.1+b").track()).isEqualTo("1.0.0-rc.1");
        assertThat(Version.parse("1.0.0-rc.1").isPrerelease()).isTrue();
        assertThat(Version.parse("1.0.0+b").isPrerelease()).isFalse();
    }

    @Provide
    Arbitrary<Version> versions() {
        Arbitrary<Long> number = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
        Arbitrary<String> identifier = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 20).map(String::valueOf),
                Arbitraries.strings()
                        .withCharRange('a', 'c')
                        .withChars('-', 'Z')
                        .ofMinLength(1)
                        .ofMaxLength(4));
        Arbitrary<List<String>> pre = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of())),
                net.jqwik.api.Tuple.of(2, identifier.list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<List<String>> build = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(List.of())),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .ofMinLength(1)
                                .ofMaxLength(4)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(2)));
        return Combinators.combine(number, number, number, pre, build).as(Version::new);
    }

    @Property(tries = 300)
    void printParseRoundTrips(@ForAll("versions") Version v) {
        assertThat(Version.parse(v.toString())).isEqualTo(v);
    }

    @Property(tries = 300)
    void orderingIsAntisymmetricAndTransitive(
            @ForAll("versions") Version a, @ForAll("versions") Version b, @ForAll("versions") Version c) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
        assertThat(a.compareTo(a.withoutBuild())).isZero();
    }

    @Property(tries = 300)
    void arbitraryTextNeverCrashes(@ForAll String text) {
        try {
            assertThat(Version.parse(text).toString()).isEqualTo(text);
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo("invalid-version");
        }
    }
}
