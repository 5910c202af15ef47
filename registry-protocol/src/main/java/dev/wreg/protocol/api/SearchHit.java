package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One package found by {@code GET /v1/search}.
 *
 * @param pkg the package, {@code ns:name}
 * @param latest the package's newest release that is not yanked (null when every release is)
 * @param version the release the hit describes: the newest matching one that is not yanked, else
 *     the newest matching one
 * @param description that release's description (its {@code description} custom section or world
 *     docs); null when it has none
 * @param matchedInterfaces the interfaces of that release that matched the query or the filters,
 *     as {@code ns:pkg/iface@version}
 * @param yanked whether {@code version} is yanked (then every matching release is, and the hit
 *     ranks below those that are not)
 * @param deprecated the deprecation message of {@code version}, or null
 */
public record SearchHit(
        @JsonProperty("package") String pkg,
        String namespace,
        String latest,
        String version,
        String description,
        List<String> matchedInterfaces,
        boolean yanked,
        String deprecated) {

    public SearchHit {
        matchedInterfaces = List.copyOf(matchedInterfaces);
    }
}
