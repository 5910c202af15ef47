package dev.wreg.cli.fetch;

import dev.wreg.cli.CommandBase;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.record.ReleaseInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON for verified package state, in the same shape as the registry's {@code GET /v1/packages/{pkg}}. */
final class StateJson {

    private StateJson() {}

    /** @param eachVersion adds to each release's node what the caller knows beyond the state */
    static ObjectNode state(PackageState state, BiConsumer<ReleaseInfo, ObjectNode> eachVersion) {
        ObjectNode node = CommandBase.JSON.createObjectNode();
        node.put("package", state.name().toString());
        node.put("head", state.head() == null ? null : state.head().toString());
        node.put("recordCount", state.recordCount());
        node.put("latest", state.latest().map(Object::toString).orElse(null));
        ArrayNode versions = node.putArray("versions");
        for (ReleaseInfo r : state.releases()) {
            ObjectNode version = release(r);
            eachVersion.accept(r, version);
            versions.add(version);
        }
        ArrayNode keys = node.putArray("keys");
        state.permissions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(KeyId::value)))
                .forEach(e -> {
                    ObjectNode key = keys.addObject();
                    key.put("keyId", e.getKey().value());
                    ArrayNode permissions = key.putArray("permissions");
                    sorted(e.getValue()).forEach(p -> permissions.add(p.name().toLowerCase(Locale.ROOT)));
                });
        node.put("verified", true);
        return node;
    }

    static ObjectNode release(ReleaseInfo release) {
        ObjectNode node = CommandBase.JSON.createObjectNode();
        node.put("version", release.version().toString());
        node.put("content", release.content().toString());
        node.put("size", release.size());
        node.put("recordId", release.recordId().toString());
        node.put("time", release.time().toString());
        node.put("yanked", release.yanked());
        node.put("yankReason", release.yankReason());
        node.put("deprecated", release.deprecated());
        return node;
    }

    static List<Permission> sorted(Set<Permission> permissions) {
        return permissions.stream().sorted().toList();
    }
}
