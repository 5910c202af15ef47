package dev.wreg.server.packages;

import dev.wreg.protocol.name.PackageName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The capability summaries stored with a package's releases. They are not part of the signed log
 * (the server derives them from the content), so they come from the releases projection, not
 * from {@link dev.wreg.protocol.record.PackageState}.
 */
@Component
public class ReleaseCapabilities {

    private final PackageRepository packages;
    private final ReleaseRepository releases;

    public ReleaseCapabilities(PackageRepository packages, ReleaseRepository releases) {
        this.packages = packages;
        this.releases = releases;
    }

    /** Version text → WASI interfaces imported; versions without a summary are absent. */
    @Transactional(readOnly = true)
    public Map<String, List<String>> of(PackageName name) {
        Map<String, List<String>> byVersion = new HashMap<>();
        packages.findByName(name.toString()).ifPresent(row -> {
            for (ReleaseEntity release : releases.findByPackageId(row.id())) {
                List<String> capabilities = release.capabilities();
                if (capabilities != null) {
                    byVersion.put(release.version(), capabilities);
                }
            }
        });
        return byVersion;
    }
}
