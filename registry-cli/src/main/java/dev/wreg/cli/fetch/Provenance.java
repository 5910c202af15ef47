package dev.wreg.cli.fetch;

import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.record.SignedRecord;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a release's own signed record says it was composed from; read from the records that were
 * verified, so it is as trustworthy as the release itself.
 */
final class Provenance {

    private Provenance() {}

    static Optional<Composition> of(VerifiedPackage pkg, ReleaseInfo release) {
        return pkg.records().stream()
                .map(entry -> SignedRecord.of(entry.envelope()))
                .filter(record -> record.id().equals(release.recordId()))
                .flatMap(record -> record.record().entries().stream())
                .filter(entry -> entry instanceof Entry.Release r && r.version().equals(release.version()))
                .map(entry -> ((Entry.Release) entry).composition())
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /** Whether the release's signed record says it was pushed through the registry's OCI API. */
    static boolean viaOci(VerifiedPackage pkg, ReleaseInfo release) {
        return pkg.records().stream()
                .map(entry -> SignedRecord.of(entry.envelope()))
                .filter(record -> record.id().equals(release.recordId()))
                .flatMap(record -> record.record().entries().stream())
                .anyMatch(entry ->
                        entry instanceof Entry.Release r && r.version().equals(release.version()) && r.viaOci());
    }

    /** {@code composed (plug) from socket ns:a@1.0.0 (sha256:…), plug …}. */
    static String describe(Composition c) {
        return "composed (" + c.method() + (c.transitive() ? ", transitive" : "") + ") from "
                + c.inputs().stream().map(i -> i.role() + " " + i.describe()).collect(Collectors.joining(", "))
                + (c.plan() == null ? "" : "; plan " + c.plan());
    }

    static void addTo(ObjectNode release, Composition c) {
        ObjectNode node = release.putObject("composition");
        node.put("method", c.method());
        node.put("transitive", c.transitive());
        node.put("plan", c.plan() == null ? null : c.plan().toString());
        ArrayNode inputs = node.putArray("inputs");
        for (Composition.Input i : c.inputs()) {
            ObjectNode input = inputs.addObject();
            input.put("role", i.role());
            input.put("package", i.pkg() == null ? null : i.pkg().toString());
            input.put("version", i.version() == null ? null : i.version().toString());
            input.put("content", i.content().toString());
        }
    }
}
