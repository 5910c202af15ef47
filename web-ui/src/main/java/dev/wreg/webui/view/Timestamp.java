package dev.wreg.webui.view;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A point in time as a page shows it: machine-readable for {@code <time>}, for people (UTC), and
 * as the day alone where space is short.
 */
public record Timestamp(String iso, String text, String date) {

    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    public static Timestamp of(Instant instant) {
        return instant == null ? null : new Timestamp(instant.toString(), TEXT.format(instant), DATE.format(instant));
    }
}
