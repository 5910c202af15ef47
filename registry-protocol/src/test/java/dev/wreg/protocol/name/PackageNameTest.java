package dev.wreg.protocol.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"example:hello", "wasi:http", "a:b", "my-org:http-client2", "x1:y2-z3-w"})
    void acceptsKebabCaseNames(String text) {
        PackageName name = PackageName.parse(text);
        assertThat(name.toString()).isEqualTo(text);
        assertThat(PackageName.parse(name.toString())).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Foo:bar", // uppercase
                "foo:Bar",
                "foo",
                "foo:",
                ":bar",
                "foo:bar:baz",
                "foo:bar/iface",
                "foo:bar@1.0.0",
                "-foo:bar",
                "foo-:bar",
                "f--oo:bar",
                "1foo:bar",
                "foo:bar-2x",
                "foo:bar-2",
                "foo_bar:baz",
                "foo.bar:baz",
                "foo :bar",
                "fóo:bar",
                "foo:bar\n",
                ""
            })
    void rejectsInvalidNames(String text) {
        assertThatThrownBy(() -> PackageName.parse(text))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("code", "invalid-name");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> PackageName.parse(null)).hasFieldOrPropertyWithValue("code", "invalid-name");
    }

    @Test
    void capsLabelLength() {
        String max = "a".repeat(PackageName.MAX_LABEL_LENGTH);
        assertThat(PackageName.parse(max + ":" + max).name()).hasSize(64);
        assertThatThrownBy(() -> PackageName.parse("a".repeat(65) + ":b"))
                .hasFieldOrPropertyWithValue("code", "invalid-name");
        assertThatThrownBy(() -> PackageName.parse("ns:" + "a".repeat(500)))
                .hasFieldOrPropertyWithValue("code", "invalid-name")
                .message()
                .hasSizeLessThan(200);
        assertThatThrownBy(() -> new PackageName("ns", "b".repeat(500)))
                .hasFieldOrPropertyWithValue("code", "invalid-name");
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThatThrownBy(() -> PackageName.parse("Foo:bar")).hasMessageContaining("uppercase");
        assertThatThrownBy(() -> PackageName.parse("foo:1bar")).hasMessageContaining("start with a letter");
        assertThatThrownBy(() -> PackageName.parse("foo")).hasMessageContaining("namespace:name");
    }

    @Test
    void lookAlikesShareTheCanonicalForm() {
        assertThat(PackageName.parse("f-oo:bar").canonical())
                .isEqualTo(PackageName.parse("foo:bar").canonical())
                .isEqualTo("foo:bar");
        assertThat(PackageName.parse("foo:http-client").canonical())
                .isEqualTo(PackageName.parse("foo:httpclient").canonical());
        assertThat(PackageName.parse("foo:bar")).isNotEqualTo(PackageName.parse("f-oo:bar"));
        assertThat(PackageName.canonicalLabel("Foo_B.a-r")).isEqualTo("foobar");
    }

    @Test
    void labelValidity() {
        assertThat(PackageName.isValidLabel("http-client")).isTrue();
        assertThat(PackageName.isValidLabel("Http")).isFalse();
        assertThat(PackageName.isValidLabel("")).isFalse();
        assertThat(PackageName.isValidLabel(null)).isFalse();
    }

    @Provide
    Arbitrary<String> labels() {
        Arbitrary<String> word = Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofLength(1)
                .flatMap(first -> Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .withCharRange('0', '9')
                        .ofMaxLength(6)
                        .map(rest -> first + rest));
        return word.list()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(words -> String.join("-", words))
                .filter(l -> l.length() <= PackageName.MAX_LABEL_LENGTH);
    }

    @Property(tries = 200)
    void everyKebabCaseNameRoundTrips(@ForAll("labels") String ns, @ForAll("labels") String name) {
        PackageName parsed = PackageName.parse(ns + ":" + name);
        assertThat(parsed.namespace()).isEqualTo(ns);
        assertThat(parsed.name()).isEqualTo(name);
        assertThat(parsed.canonical()).doesNotContain("-").isEqualTo(ns.replace("-", "") + ":" + name.replace("-", ""));
    }

    @Property(tries = 300)
    void arbitraryTextNeverCrashes(@ForAll String text) {
        try {
            PackageName name = PackageName.parse(text);
            assertThat(name.toString()).isEqualTo(text);
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo("invalid-name");
        }
    }
}
