package dev.wreg.server.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web pages, under {@code wreg.web.*}.
 *
 * @param sessionTtl how long a sign-in lasts (the token behind it is re-checked on every request)
 * @param maxWitChars longest WIT a package page shows highlighted; longer WIT is cut there, with a
 *     link to the whole text
 * @param recentReleases how many releases the front page lists
 */
@ConfigurationProperties("wreg.web")
public record WebProperties(
        @DefaultValue("12h") Duration sessionTtl,
        @DefaultValue("200000") int maxWitChars,
        @DefaultValue("12") int recentReleases) {}
