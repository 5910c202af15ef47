package dev.wreg.engine.wit.text;

import java.util.regex.Pattern;

/** SemVer 2.0.0 syntax check for package versions and gates. */
final class Semver {
    private static final String NUM = "(0|[1-9][0-9]*)";
    private static final String PRE_ID = "(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    private static final Pattern SEMVER = Pattern.compile(NUM + "\\." + NUM + "\\." + NUM + "(-" + PRE_ID + "(\\."
            + PRE_ID + ")*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private Semver() {}

    static boolean isValid(String text) {
        return SEMVER.matcher(text).matches();
    }
}
