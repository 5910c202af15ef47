package dev.wreg.server.web;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;

/** The site's URLs for the things it shows, in one place. */
final class Urls {

    private Urls() {}

    static String pkg(String name) {
        int colon = name.indexOf(':');
        return colon < 0
                ? "/search?q=" + name
                : "/packages/" + name.substring(0, colon) + "/" + name.substring(colon + 1);
    }

    static String pkg(PackageName name) {
        return "/packages/" + name.namespace() + "/" + name.name();
    }

    static String release(PackageName name, Version version) {
        return pkg(name) + "/" + version;
    }

    static String release(String name, String version) {
        return pkg(name) + "/" + version;
    }

    /**
     * The interface page for a reference such as {@code wasi:io/streams@0.2.0} (the page covers
     * every version), or null when the text is not an interface reference.
     */
    static String interfaceOf(String reference) {
        int at = reference.indexOf('@');
        String name = at < 0 ? reference : reference.substring(0, at);
        int colon = name.indexOf(':');
        int slash = name.indexOf('/');
        if (colon <= 0 || slash < colon) {
            return null;
        }
        return "/interfaces/" + name;
    }
}
