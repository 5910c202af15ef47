package dev.wreg.protocol.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class InterfaceNameTest {

    @Test
    void parsesNamesWithAndWithoutVersion() {
        InterfaceName plain = InterfaceName.parse("wasi:http/incoming-handler");
        assertThat(plain.id()).isEqualTo("wasi:http/incoming-handler");
        assertThat(plain.version()).isNull();
        assertThat(plain.track()).isEmpty();
        assertThat(plain.toString()).isEqualTo("wasi:http/incoming-handler");

        InterfaceName versioned = InterfaceName.parse("acme:math/stats@0.2.1");
        assertThat(versioned.pkg()).isEqualTo(new PackageName("acme", "math"));
        assertThat(versioned.name()).isEqualTo("stats");
        assertThat(versioned.track()).hasValue("0.2");
        assertThat(versioned.unversioned()).isEqualTo(InterfaceName.parse("acme:math/stats"));
        assertThat(InterfaceName.parse("a:b/c@1.4.0").track()).hasValue("1");
        assertThat(InterfaceName.parse("a:b/c@0.0.3").track()).hasValue("0.0.3");
        assertThat(InterfaceName.parse("a:b/c@1.0.0-rc.1").track()).hasValue("1.0.0-rc.1");
    }

    @Test
    void showsTracksAsPeopleWriteThem() {
        assertThat(InterfaceName.displayTrack("1")).isEqualTo("1.x");
        assertThat(InterfaceName.displayTrack("0.2")).isEqualTo("0.2.x");
        assertThat(InterfaceName.displayTrack("0.0.3")).isEqualTo("0.0.3");
        assertThat(InterfaceName.displayTrack("")).isEqualTo("unversioned");
    }

    @Test
    void refusesWhatIsNotAnInterfaceName() {
        for (String bad : new String[] {
            "",
            "wasi:http",
            "wasi/http",
            "wasi:http/",
            "wasi:http/a/b",
            "Wasi:http/x",
            "wasi:http/X",
            "a:b/c@1.0",
            "a:b/c@",
            "a:b/c@x",
            "a:b/c d",
            "a:b/" + "c".repeat(300)
        }) {
            assertThatThrownBy(() -> InterfaceName.parse(bad))
                    .as(bad)
                    .isInstanceOf(ProtocolException.class)
                    .hasFieldOrPropertyWithValue("code", "invalid-name");
        }
    }
}
