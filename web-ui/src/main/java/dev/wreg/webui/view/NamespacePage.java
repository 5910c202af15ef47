package dev.wreg.webui.view;

import java.util.List;

/**
 * A namespace: its owner keys as the operator log recorded them, and its packages.
 *
 * @param claimRecordId the operator record that claimed the namespace
 * @param claimLogIndex that record's index in the transparency log; null until sequenced
 */
public record NamespacePage(
        Layout layout,
        String namespace,
        List<OwnerKey> owners,
        String claimRecordId,
        Long claimLogIndex,
        Timestamp claimed,
        List<PackageRow> packages)
        implements Page {

    public NamespacePage {
        owners = List.copyOf(owners);
        packages = List.copyOf(packages);
    }

    @Override
    public String template() {
        return "namespace.jte";
    }

    /** An owner key: its ID and its public key text. */
    public record OwnerKey(String keyId, String publicKey) {}

    /** A package of the namespace with its latest version (null when it has no release yet). */
    public record PackageRow(String pkg, String url, String latest, Timestamp updated) {}
}
