package dev.wreg.protocol.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.ProtocolException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Caret and tilde requirements checked against their definition as half-open ranges
 * (Cargo's reference: {@code ^x.y.z} allows changes that do not modify the left-most non-zero
 * part; {@code ~x.y.z} allows patch-level changes).
 */
class VersionReqPropertyTest {

    static boolean inRange(Version v, Version lower, Version upperExclusive) {
        return v.compareTo(lower) >= 0 && v.compareTo(upperExclusive) < 0;
    }

    @Property(tries = 500)
    void caretIsTheRangeUpToTheNextIncompatibleVersion(
            @ForAll @IntRange(max = 3) int a,
            @ForAll @IntRange(max = 3) int b,
            @ForAll @IntRange(max = 3) int c,
            @ForAll @IntRange(max = 4) int x,
            @ForAll @IntRange(max = 4) int y,
            @ForAll @IntRange(max = 4) int z) {
        Version lower = Version.of(a, b, c);
        Version upper = a > 0 ? Version.of(a + 1, 0, 0) : b > 0 ? Version.of(0, b + 1, 0) : Version.of(0, 0, c + 1);
        Version v = Version.of(x, y, z);
        assertThat(VersionReq.parse("^" + lower).matches(v)).isEqualTo(inRange(v, lower, upper));
        assertThat(VersionReq.parse(lower.toString()).matches(v)).isEqualTo(inRange(v, lower, upper));
    }

    @Property(tries = 500)
    void tildeAllowsPatchChanges(
            @ForAll @IntRange(max = 3) int a,
            @ForAll @IntRange(max = 3) int b,
            @ForAll @IntRange(max = 3) int c,
            @ForAll @IntRange(max = 4) int x,
            @ForAll @IntRange(max = 4) int y,
            @ForAll @IntRange(max = 4) int z) {
        Version lower = Version.of(a, b, c);
        Version v = Version.of(x, y, z);
        assertThat(VersionReq.parse("~" + lower).matches(v)).isEqualTo(inRange(v, lower, Version.of(a, b + 1, 0)));
    }

    @Property(tries = 500)
    void comparisonOperatorsAgreeWithPrecedence(
            @ForAll @IntRange(max = 3) int a,
            @ForAll @IntRange(max = 3) int b,
            @ForAll @IntRange(max = 3) int c,
            @ForAll @IntRange(max = 3) int x,
            @ForAll @IntRange(max = 3) int y,
            @ForAll @IntRange(max = 3) int z) {
        Version bound = Version.of(a, b, c);
        Version v = Version.of(x, y, z);
        assertThat(VersionReq.parse(">" + bound).matches(v)).isEqualTo(v.compareTo(bound) > 0);
        assertThat(VersionReq.parse(">=" + bound).matches(v)).isEqualTo(v.compareTo(bound) >= 0);
        assertThat(VersionReq.parse("<" + bound).matches(v)).isEqualTo(v.compareTo(bound) < 0);
        assertThat(VersionReq.parse("<=" + bound).matches(v)).isEqualTo(v.compareTo(bound) <= 0);
        assertThat(VersionReq.parse("=" + bound).matches(v)).isEqualTo(v.compareTo(bound) == 0);
    }

    @Property(tries = 300)
    void prereleasesNeedAnOptIn(
            @ForAll @IntRange(max = 2) int a,
            @ForAll @IntRange(max = 2) int b,
            @ForAll @IntRange(max = 2) int c,
            @ForAll @IntRange(max = 2) int x,
            @ForAll @IntRange(max = 2) int y,
            @ForAll @IntRange(max = 2) int z) {
        Version pre = Version.parse(x + "." + y + "." + z + "-beta");
        // A requirement without a prerelease never matches one.
        for (String op : new String[] {"^", "~", ">=", "<=", "=", ">", "<"}) {
            assertThat(VersionReq.parse(op + a + "." + b + "." + c).matches(pre))
                    .isFalse();
        }
        // One that names a prerelease of the same major.minor.patch opens that patch only.
        boolean samePatch = a == x && b == y && c == z;
        assertThat(VersionReq.parse(">=" + a + "." + b + "." + c + "-alpha").matches(pre))
                .isEqualTo(samePatch);
    }

    @Property(tries = 300)
    void arbitraryTextNeverCrashes(@ForAll String text) {
        try {
            VersionReq req = VersionReq.parse(text);
            assertThat(VersionReq.parse(req.toString())).isEqualTo(req);
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo("invalid-version-req");
        }
    }
}
