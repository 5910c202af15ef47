package dev.wreg.server.config;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code wreg.public-url}: the URL clients reach this registry at (e.g. {@code
 * https://wreg.example.org}). Documents that name the registry (the wasm-pkg discovery document,
 * OCI auth challenges) use it; unset, they use the scheme, host and port of each request, which is
 * right only when no proxy stands in front of the server.
 */
@ConfigurationProperties("wreg")
public record PublicUrl(URI publicUrl) {

    public PublicUrl {
        if (publicUrl != null && (publicUrl.getScheme() == null || publicUrl.getHost() == null)) {
            throw new IllegalArgumentException(
                    "wreg.public-url must be an absolute http(s) URL such as https://wreg.example.org, not "
                            + publicUrl);
        }
    }

    /** The base URL (no trailing slash) as configured, or as the request reached this server. */
    public String base(HttpServletRequest request) {
        String base = publicUrl != null
                ? publicUrl.toString()
                : ServletUriComponentsBuilder.fromContextPath(request)
                        .replaceQuery(null)
                        .build()
                        .toUriString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** {@code host[:port]} of {@link #base}: how OCI clients name this registry. */
    public String authority(HttpServletRequest request) {
        return URI.create(base(request)).getRawAuthority();
    }
}
