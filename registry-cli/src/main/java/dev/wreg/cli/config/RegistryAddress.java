package dev.wreg.cli.config;

import dev.wreg.cli.CliException;
import java.net.URI;
import java.net.URISyntaxException;

/** A registry's base URL, normalised so that credentials and pins are keyed consistently. */
public record RegistryAddress(URI uri) {

    public static final String DEFAULT = "http://localhost:8080";

    public static RegistryAddress parse(String text) {
        String trimmed = text.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw CliException.usage("registry address '" + text + "' is not a URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw CliException.usage("registry address '" + text + "' must be an http:// or https:// URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw CliException.usage(
                    "registry address '" + text + "' must not carry credentials, a query or a fragment");
        }
        if (uri.getRawPath() != null && uri.getRawPath().matches("(?i).*/v1")) {
            // Commands add /v1/... themselves; the API root given as the registry would double it.
            String base = trimmed.substring(0, trimmed.length() - 3);
            throw CliException.usage(
                    "registry address '" + text + "' ends in /v1; give the registry's base URL: " + base);
        }
        return new RegistryAddress(URI.create(scheme.toLowerCase() + "://"
                + uri.getRawAuthority().toLowerCase() + (uri.getRawPath() == null ? "" : uri.getRawPath())));
    }

    /** A file-name-safe label ({@code localhost_8080}) for per-registry state. */
    public String label() {
        String label = uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return label.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    public URI resolve(String path) {
        return URI.create(uri + path);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
