package dev.wreg.webui.view;

import java.util.Locale;

/** Byte counts for people: 512 B, 52.3 KiB, 11.9 MiB. */
public final class Sizes {

    private Sizes() {}

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
