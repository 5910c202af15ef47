package dev.wreg.cli;

/** Counts as English reads them: {@code 1 record}, {@code 2 records}. */
public final class Plural {

    private Plural() {}

    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
