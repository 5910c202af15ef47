package dev.wreg.server.oci;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.oci.Descriptor;
import dev.wreg.protocol.oci.ImageIndex;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciAnnotations;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import dev.wreg.server.log.ServedLog;
import dev.wreg.server.oci.OciContent.Repository;
import dev.wreg.server.oci.OciManifestStore.StoredManifest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The release-proof referrer of each release manifest: an artifact ({@value
 * OciMediaTypes#RELEASE_PROOF}) whose two blobs are the release's signed record (the DSSE envelope,
 * byte for byte as logged) and a c2sp.org/tlog-proof of that envelope against the latest signed
 * checkpoint. With them, a user who pulled with any OCI client can check the component offline
 * against the log's public key ({@code wreg verify --oci}). A newer checkpoint gives a new referrer;
 * older ones stay fetchable for {@link #KEEP_SUPERSEDED} so a digest just listed can still be read.
 */
@Service
public class ReleaseProofs {

    static final Duration KEEP_SUPERSEDED = Duration.ofDays(1);

    private final OciContent content;
    private final ServedLog log;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ReleaseProofs(OciContent content, ServedLog log, JdbcTemplate jdbc, Clock clock) {
        this.content = content;
        this.log = log;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored referrer. */
    record Referrer(
            String digest, byte[] manifest, String envelopeDigest, byte[] envelope, String proofDigest, byte[] proof) {}

    /**
     * The referrers of {@code subject} in the repository: the release-proof artifact when the
     * subject is a release manifest whose record is in the log, else none.
     */
    public ImageIndex referrers(Repository repo, Digest subject, String artifactType) {
        if (artifactType != null && !artifactType.equals(OciMediaTypes.RELEASE_PROOF)) {
            return new ImageIndex(List.of());
        }
        Optional<StoredManifest> manifest;
        try {
            manifest = Optional.of(content.manifest(repo, subject.toString()));
        } catch (OciException e) {
            manifest = Optional.empty();
        }
        if (manifest.isEmpty()) {
            return new ImageIndex(List.of());
        }
        Optional<Referrer> referrer = latest(repo, manifest.get());
        return new ImageIndex(referrer.map(r -> List.of(descriptor(r))).orElse(List.of()));
    }

    private static Descriptor descriptor(Referrer referrer) {
        ImageManifest parsed = ImageManifest.parse(referrer.manifest());
        return new Descriptor(
                OciMediaTypes.IMAGE_MANIFEST,
                OciMediaTypes.RELEASE_PROOF,
                Digest.parse(referrer.digest()),
                referrer.manifest().length,
                parsed.annotations());
    }

    private Optional<Referrer> latest(Repository repo, StoredManifest subject) {
        ReleaseInfo release = repo.state().releases().stream()
                .filter(r -> r.version().toString().equals(subject.version()))
                .findFirst()
                .orElse(null);
        if (release == null) {
            return Optional.empty();
        }
        String recordId = release.recordId().toString();
        Optional<Long> index = log.indexOf(recordId);
        Optional<StoredCheckpoint> checkpoint = log.latestSigned();
        if (index.isEmpty()
                || checkpoint.isEmpty()
                || index.get() >= checkpoint.get().size()) {
            return Optional.empty(); // not integrated yet: there is nothing to prove it with
        }
        long treeSize = checkpoint.get().size();
        Optional<Referrer> stored =
                find("package_id = ? AND subject = ? AND tree_size = ?", repo.packageId(), subject.digest(), treeSize);
        if (stored.isPresent()) {
            return stored;
        }
        byte[] envelope = log.entry(index.get());
        byte[] proof = log.inclusion(index.get(), checkpoint.get()).proof().toBytes();
        String base = repo.pkg().name() + "@" + release.version();
        ImageManifest manifest = new ImageManifest(
                OciMediaTypes.IMAGE_MANIFEST,
                OciMediaTypes.RELEASE_PROOF,
                new Descriptor(OciMediaTypes.EMPTY, OciContent.EMPTY_JSON_DIGEST, OciContent.EMPTY_JSON.length),
                List.of(
                        new Descriptor(
                                OciMediaTypes.DSSE_ENVELOPE,
                                null,
                                Digest.sha256(envelope),
                                envelope.length,
                                Map.of(OciAnnotations.TITLE, base + ".dsse.json")),
                        new Descriptor(
                                OciMediaTypes.TLOG_PROOF,
                                null,
                                Digest.sha256(proof),
                                proof.length,
                                Map.of(OciAnnotations.TITLE, base + ".tlog-proof"))),
                new Descriptor(OciMediaTypes.IMAGE_MANIFEST, Digest.parse(subject.digest()), subject.manifest().length),
                Map.of(
                        OciAnnotations.CREATED, release.time().toString(),
                        OciAnnotations.WREG_PACKAGE, repo.pkg() + "@" + release.version(),
                        OciAnnotations.WREG_CHECKPOINT_SIZE, Long.toString(treeSize)));
        byte[] bytes = manifest.toBytes();
        Instant now = clock.instant();
        jdbc.update(
                "INSERT INTO oci_referrers (package_id, digest, subject, tree_size, manifest, envelope_digest, envelope,"
                        + " proof_digest, proof, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                repo.packageId(),
                Digest.sha256(bytes).toString(),
                subject.digest(),
                treeSize,
                bytes,
                Digest.sha256(envelope).toString(),
                envelope,
                Digest.sha256(proof).toString(),
                proof,
                Timestamp.from(now));
        jdbc.update(
                "DELETE FROM oci_referrers WHERE package_id = ? AND subject = ? AND tree_size < ? AND created_at < ?",
                repo.packageId(),
                subject.digest(),
                treeSize,
                Timestamp.from(now.minus(KEEP_SUPERSEDED)));
        return find("package_id = ? AND subject = ? AND tree_size = ?", repo.packageId(), subject.digest(), treeSize);
    }

    /** A referrer manifest by digest. */
    public Optional<byte[]> manifest(Repository repo, Digest digest) {
        return find("package_id = ? AND digest = ?", repo.packageId(), digest.toString())
                .map(Referrer::manifest);
    }

    /** A referrer's blob (an envelope or a proof) by digest. */
    public Optional<byte[]> blob(Repository repo, Digest digest) {
        String text = digest.toString();
        return find("package_id = ? AND (envelope_digest = ? OR proof_digest = ?)", repo.packageId(), text, text)
                .map(r -> r.envelopeDigest().equals(text) ? r.envelope() : r.proof());
    }

    private Optional<Referrer> find(String where, Object... args) {
        return jdbc
                .query(
                        "SELECT digest, manifest, envelope_digest, envelope, proof_digest, proof FROM oci_referrers WHERE "
                                + where + " ORDER BY tree_size DESC LIMIT 1",
                        (rs, n) -> new Referrer(
                                rs.getString(1),
                                rs.getBytes(2),
                                rs.getString(3),
                                rs.getBytes(4),
                                rs.getString(5),
                                rs.getBytes(6)),
                        args)
                .stream()
                .findFirst();
    }
}
