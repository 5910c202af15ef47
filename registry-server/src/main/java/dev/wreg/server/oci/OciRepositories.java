package dev.wreg.server.oci;

import dev.wreg.protocol.name.PackageName;
import org.springframework.stereotype.Component;

/**
 * Maps package names to repository names and back: {@code ns:name} is {@code <prefix>ns/name}.
 * Only names of that exact form are repositories; everything else (other depths, upper case,
 * dot segments, labels wreg does not allow) is {@link OciError#NAME_INVALID}, so no request path
 * ever reaches storage unchecked.
 */
@Component
public class OciRepositories {

    /** The distribution spec's limit on {@code <name>} that many clients impose (255 with the host). */
    static final int MAX_NAME_LENGTH = 255;

    private final String prefix;

    public OciRepositories(OciProperties properties) {
        this.prefix = properties.namespacePrefix();
    }

    public String prefix() {
        return prefix;
    }

    public String repositoryOf(PackageName name) {
        return prefix + name.namespace() + "/" + name.name();
    }

    public PackageName packageOf(String repository) {
        if (repository.length() > MAX_NAME_LENGTH) {
            throw new OciException(OciError.NAME_INVALID, "repository name is longer than " + MAX_NAME_LENGTH);
        }
        if (!repository.startsWith(prefix)) {
            throw new OciException(
                    OciError.NAME_INVALID,
                    "repository '" + shorten(repository) + "' is not under this registry's prefix '" + prefix + "'");
        }
        String rest = repository.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            throw new OciException(
                    OciError.NAME_INVALID,
                    "repository '" + shorten(repository) + "' must be " + prefix
                            + "<namespace>/<name>, as package namespace:name");
        }
        String namespace = rest.substring(0, slash);
        String name = rest.substring(slash + 1);
        if (!PackageName.isValidLabel(namespace) || !PackageName.isValidLabel(name)) {
            throw new OciException(
                    OciError.NAME_INVALID,
                    "repository '" + shorten(repository) + "' does not name a package: namespace and name are"
                            + " kebab-case labels (lowercase letters and digits, words joined by '-')");
        }
        return new PackageName(namespace, name);
    }

    static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
