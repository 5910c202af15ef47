package dev.wreg.cli.oci;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI reference as OCI clients write it: {@code host[:port]/repository:tag} or
 * {@code host[:port]/repository@sha256:…} (no scheme). Loopback hosts are reached over plain
 * HTTP and all others over HTTPS, as wkg does since it learned to talk to local registries.
 */
public record OciReference(String host, String repository, String tag, Digest digest) {

    private static final Pattern FORM = Pattern.compile(
            "([A-Za-z0-9.-]+(?::\\d{1,5})?|\\[[0-9A-Fa-f:]+\\](?::\\d{1,5})?)/([a-z0-9._/-]+?)(?::([A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

    public static OciReference parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches() || (m.group(3) == null && m.group(4) == null)) {
            throw CliException.usage("'" + text + "' is not an OCI reference such as 127.0.0.1:8080/example/hello:0.1.0"
                    + " or …/example/hello@sha256:…");
        }
        Digest digest = null;
        if (m.group(4) != null) {
            try {
                digest = Digest.parse(m.group(4));
            } catch (ProtocolException e) {
                throw CliException.usage("'" + text + "': " + e.getMessage());
            }
        }
        return new OciReference(m.group(1), m.group(2), m.group(3), digest);
    }

    /** {@code http://host} for loopback hosts, {@code https://host} otherwise. */
    public URI base() {
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":")[0];
        boolean loopback = name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
        return URI.create((loopback ? "http://" : "https://") + host);
    }

    /** The tag or digest to ask the manifests endpoint for. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    @Override
    public String toString() {
        return host + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
