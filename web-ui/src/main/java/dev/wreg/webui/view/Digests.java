package dev.wreg.webui.view;

/** Digests and key IDs where a table has no room for 71 characters. */
public final class Digests {

    private static final int KEEP = "sha256:".length() + 12;

    private Digests() {}

    /** {@code sha256:2a57703c7500…}: the algorithm and the first 12 hex digits. */
    public static String shorten(String digest) {
        return digest == null || digest.length() <= KEEP ? digest : digest.substring(0, KEEP) + "…";
    }
}
