package dev.wreg.engine.wit;

import java.util.regex.Pattern;

/**
 * Semantic Versioning 2.0.0 syntax, as WIT package versions, {@code @since}/{@code @unstable}
 * gates and component extern names ({@code ns:pkg/iface@1.2.3}) use it: {@code MAJOR.MINOR.PATCH}
 * without leading zeros, an optional {@code -prerelease} and {@code +build}. The engine's and the
 * validator's one syntax check; the registry's {@code Version} parses the same grammar into a
 * value in {@code registry-protocol}, which does not depend on the engine.
 */
public final class SemverSyntax {
    private static final String NUM = "(0|[1-9][0-9]*)";
    private static final String PRE_ID = "(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    private static final Pattern SEMVER = Pattern.compile(NUM + "\\." + NUM + "\\." + NUM + "(-" + PRE_ID + "(\\."
            + PRE_ID + ")*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private SemverSyntax() {}

    /** Whether {@code text} is a SemVer 2.0.0 version, all of it. */
    public static boolean isValid(String text) {
        return SEMVER.matcher(text).matches();
    }
}
