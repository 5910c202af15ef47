package dev.wreg.cli.oci;

import dev.wreg.cli.CliException;
import dev.wreg.cli.client.LogEntry;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.protocol.log.VerifiedCheckpoint;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.oci.Descriptor;
import dev.wreg.protocol.oci.ImageIndex;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.record.SignedRecord;
import java.util.function.Function;

/**
 * What {@code wreg verify --oci REF} proves about a component pulled with an OCI client: the
 * manifest's one layer is the content of a release whose signed record (the release-proof
 * referrer's DSSE envelope) belongs to the package's verified history, and whose envelope the
 * referrer's tlog-proof places in the transparency log under a checkpoint signed by the log key.
 */
public final class OciVerification {

    private OciVerification() {}

    /** The outcome: the release, the layer it is, and the log position of its record. */
    public record Verified(
            PackageName pkg,
            ReleaseInfo release,
            Digest manifest,
            Digest layer,
            long logIndex,
            long treeSize,
            boolean viaOci) {}

    public static Verified verify(
            OciReference ref,
            OciPuller puller,
            String prefix,
            Function<PackageName, VerifiedPackage> history,
            VerifierKey logKey) {
        PackageName pkg = packageOf(ref.repository(), prefix);
        OciPuller.Manifest manifest = puller.manifest(ref.repository(), ref.reference());
        ImageManifest m = manifest.manifest();
        if (m.layers().size() != 1
                || !OciMediaTypes.WASM_LAYER.equals(m.layers().getFirst().mediaType())) {
            throw CliException.integrity(ref + " is not a Wasm artifact with one application/wasm layer");
        }
        Digest layer = m.layers().getFirst().digest();

        ImageIndex referrers = puller.referrers(ref.repository(), manifest.digest(), OciMediaTypes.RELEASE_PROOF);
        Descriptor proofArtifact = referrers.manifests().stream()
                .filter(d -> OciMediaTypes.RELEASE_PROOF.equals(d.artifactType()))
                .findFirst()
                .orElseThrow(() -> CliException.integrity(
                        "the registry lists no release proof (" + OciMediaTypes.RELEASE_PROOF + ") for " + ref));
        OciPuller.Manifest proofManifest =
                puller.manifest(ref.repository(), proofArtifact.digest().toString());
        ImageManifest artifact = proofManifest.manifest();
        if (artifact.subject() == null || !artifact.subject().digest().equals(manifest.digest())) {
            throw CliException.integrity("the release proof of " + ref + " is about another manifest");
        }
        byte[] envelopeBytes = puller.blob(ref.repository(), layerOf(artifact, OciMediaTypes.DSSE_ENVELOPE, ref));
        byte[] proofBytes = puller.blob(ref.repository(), layerOf(artifact, OciMediaTypes.TLOG_PROOF, ref));

        SignedRecord record;
        TlogProof proof;
        VerifiedCheckpoint checkpoint;
        try {
            record = SignedRecord.of(Envelope.parse(envelopeBytes));
            proof = TlogProof.parse(proofBytes);
            checkpoint = proof.verify(MerkleHasher.leafHash(envelopeBytes), logKey);
        } catch (ProtocolException e) {
            throw CliException.integrity("the release proof of " + ref + " does not verify: " + e.getMessage());
        }
        if (!record.record().pkg().equals(pkg)) {
            throw CliException.integrity("the signed record served for " + ref + " is a record of "
                    + record.record().pkg() + ", not " + pkg);
        }
        Entry.Release entry = record.record().entries().stream()
                .filter(e -> e instanceof Entry.Release r && r.content().equals(layer))
                .map(e -> (Entry.Release) e)
                .findFirst()
                .orElseThrow(() -> CliException.integrity(
                        "the signed record served for " + ref + " releases no component with digest " + layer));
        if (ref.tag() != null && !entry.version().toString().equals(ref.tag())) {
            throw CliException.integrity(
                    ref + " is tagged " + ref.tag() + " but its record releases " + entry.version());
        }

        VerifiedPackage verified = history.apply(pkg);
        boolean inHistory = verified.records().stream()
                .map(LogEntry::envelope)
                .anyMatch(e -> SignedRecord.of(e).id().equals(record.id()));
        ReleaseInfo release = verified.state()
                .release(entry.version())
                .filter(r -> r.recordId().equals(record.id()) && r.content().equals(layer))
                .orElse(null);
        if (!inHistory || release == null) {
            throw CliException.integrity("record " + record.id() + " served for " + ref
                    + " is not the release in the verified history of " + pkg);
        }
        return new Verified(
                pkg,
                release,
                manifest.digest(),
                layer,
                proof.index(),
                checkpoint.checkpoint().size(),
                entry.viaOci());
    }

    private static Digest layerOf(ImageManifest artifact, String mediaType, OciReference ref) {
        return artifact.layers().stream()
                .filter(d -> mediaType.equals(d.mediaType()))
                .map(Descriptor::digest)
                .findFirst()
                .orElseThrow(() -> CliException.integrity("the release proof of " + ref + " has no " + mediaType));
    }

    static PackageName packageOf(String repository, String prefix) {
        if (!repository.startsWith(prefix)) {
            throw CliException.usage(
                    "repository " + repository + " is not under the registry's prefix '" + prefix + "'");
        }
        String[] parts = repository.substring(prefix.length()).split("/");
        if (parts.length != 2) {
            throw CliException.usage("repository " + repository + " is not " + prefix + "<namespace>/<name>");
        }
        try {
            return new PackageName(parts[0], parts[1]);
        } catch (ProtocolException e) {
            throw CliException.usage("repository " + repository + " names no package: " + e.getMessage());
        }
    }
}
