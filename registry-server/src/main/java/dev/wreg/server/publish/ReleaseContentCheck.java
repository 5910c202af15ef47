package dev.wreg.server.publish;

import dev.wreg.engine.wit.component.ComponentInterfaces;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.server.blobs.BlobStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where a release's bytes are judged before the record that names them is
 * accepted ({@link ValidatingContentCheck}: component validation, the namespace's publish policy,
 * semver against the previous release). The blob exists and has the declared size when this runs.
 */
public interface ReleaseContentCheck {

    /**
     * Refuses with a {@link dev.wreg.server.refusal.Refusal} naming the broken rule, or returns
     * what is stored with the release.
     *
     * @param before the package state before the record that carries {@code release}
     */
    ReleaseContent check(PackageName pkg, Entry.Release release, PackageState before, BlobStore blobs);

    /**
     * @param capabilities the WASI interfaces the component imports, sorted
     * @param interfaces what the interface index stores of the component; empty when its WIT
     *     cannot be read (it is then indexed by name only)
     */
    record ReleaseContent(List<String> capabilities, Optional<ComponentInterfaces> interfaces) {
        public ReleaseContent {
            capabilities = List.copyOf(capabilities);
            java.util.Objects.requireNonNull(interfaces, "interfaces");
        }

        /** The capability summary of each release, by version, as the release rows store it. */
        static Map<String, List<String>> capabilitiesOf(Map<String, ReleaseContent> contents) {
            Map<String, List<String>> capabilities = new HashMap<>();
            contents.forEach((version, content) -> capabilities.put(version, content.capabilities()));
            return capabilities;
        }

        /** What the interface index stores of each release, by version. */
        static Map<String, Optional<ComponentInterfaces>> interfacesOf(Map<String, ReleaseContent> contents) {
            Map<String, Optional<ComponentInterfaces>> interfaces = new HashMap<>();
            contents.forEach((version, content) -> interfaces.put(version, content.interfaces()));
            return interfaces;
        }
    }
}
