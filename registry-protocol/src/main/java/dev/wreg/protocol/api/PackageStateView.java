package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A package's state as {@code GET /v1/packages/{pkg}} answers it (and a publish answer carries
 * it): versions, latest, head record, keys. What a client trusts is the package's records, which
 * it replays itself; this view is for reading.
 */
public record PackageStateView(
        @JsonProperty("package") String pkg,
        String head,
        long recordCount,
        String latest,
        List<VersionView> versions,
        List<KeyView> keys) {

    /** One release and its status. */
    public record VersionView(
            String version,
            String content,
            long size,
            String recordId,
            Instant time,
            boolean yanked,
            String yankReason,
            String deprecated,

            @Schema(
                    description =
                            "WASI interfaces the component imports; null for releases accepted before summaries existed")
            List<String> capabilities) {

        static VersionView of(ReleaseInfo release, List<String> capabilities) {
            return new VersionView(
                    release.version().toString(),
                    release.content().toString(),
                    release.size(),
                    release.recordId().toString(),
                    release.time(),
                    release.yanked(),
                    release.yankReason(),
                    release.deprecated(),
                    capabilities);
        }
    }

    /** A key that holds permissions on the package, and which ({@code release}, {@code yank}, …). */
    public record KeyView(String keyId, List<String> permissions) {}

    /** @param capabilities the WASI interfaces of each release, by version text */
    public static PackageStateView of(PackageState state, Map<String, List<String>> capabilities) {
        List<KeyView> keys = state.permissions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(KeyId::value)))
                .map(entry -> new KeyView(entry.getKey().value(), permissionNames(entry.getValue())))
                .toList();
        return new PackageStateView(
                state.name().toString(),
                state.head() == null ? null : state.head().toString(),
                state.recordCount(),
                state.latest().map(Version::toString).orElse(null),
                state.releases().stream()
                        .map(release -> VersionView.of(
                                release, capabilities.get(release.version().toString())))
                        .toList(),
                keys);
    }

    private static List<String> permissionNames(Set<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::jsonName).toList();
    }
}
