package dev.wreg.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.refusal.Refusal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final PackageName HELLO = PackageName.parse("example:hello");

    @Test
    void adminImpliesEveryScope() {
        Caller admin = new Caller("t", Set.of(Scope.ADMIN), List.of());
        assertThatCode(() -> admin.require(Scope.PUBLISH, HELLO)).doesNotThrowAnyException();
        assertThatCode(() -> admin.require(Scope.YANK, HELLO)).doesNotThrowAnyException();
    }

    @Test
    void patternsLimitThePackages() {
        Caller namespaceWide = new Caller("t", Set.of(Scope.PUBLISH), List.of("example:*"));
        assertThatCode(() -> namespaceWide.require(Scope.PUBLISH, HELLO)).doesNotThrowAnyException();
        assertThatThrownBy(() -> namespaceWide.require(Scope.PUBLISH, PackageName.parse("other:hello")))
                .isInstanceOf(Refusal.class)
                .hasMessageContaining("does not cover other:hello");
        Caller exact = new Caller("t", Set.of(Scope.PUBLISH), List.of("example:other"));
        assertThatThrownBy(() -> exact.require(Scope.PUBLISH, HELLO)).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> exact.requireNamespace("example")).isInstanceOf(Refusal.class);
        assertThatCode(() -> namespaceWide.requireNamespace("example")).doesNotThrowAnyException();
    }

    @Test
    void missingScopeIsForbidden() {
        Caller yankOnly = new Caller("t", Set.of(Scope.YANK), List.of());
        assertThatThrownBy(() -> yankOnly.require(Scope.PUBLISH, HELLO))
                .isInstanceOf(Refusal.class)
                .hasMessageContaining("'publish'")
                .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.FORBIDDEN))
                .satisfies(e -> assertThat(((Refusal) e).code()).isEqualTo("forbidden"));
    }

    @Test
    void patternsAreCheckedWhenIssued() {
        assertThatCode(() -> TokenService.checkPatterns(List.of("example:*", "example:hello")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TokenService.checkPatterns(List.of("Example:*")))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> TokenService.checkPatterns(List.of("*"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> TokenService.checkPatterns(List.of("example:he*")))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void bootstrapTokensMustLookLikeTokens() {
        org.assertj.core.api.Assertions.assertThat(TokenService.isWellFormed("wreg_0123456789abcdefghij"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(TokenService.isWellFormed("wreg_short"))
                .isFalse();
        org.assertj.core.api.Assertions.assertThat(TokenService.isWellFormed("token_0123456789abcdefghij"))
                .isFalse();
        org.assertj.core.api.Assertions.assertThat(TokenService.isWellFormed("wreg_0123456789abcdefghi/"))
                .isFalse();
    }
}
