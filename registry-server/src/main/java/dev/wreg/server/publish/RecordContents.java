package dev.wreg.server.publish;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.blobs.BlobInfo;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.publish.ReleaseContentCheck.ReleaseContent;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.server.uploads.ReclaimLocks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The content of a record's releases: read from the blob store and judged by the {@link
 * ReleaseContentCheck}, by version, as the release rows and the interface index store it. A
 * publish refuses the record at the first release that fails; a restore re-applies a record the
 * log already signed, so it keeps what can still be read. Both go through here, so a published
 * record and a restored one store the same summary of the same bytes.
 */
@Component
class RecordContents {

    private static final Logger log = LoggerFactory.getLogger(RecordContents.class);

    private final ReleaseContentCheck contentCheck;
    private final BlobStore blobs;
    private final JdbcTemplate jdbc;

    RecordContents(ReleaseContentCheck contentCheck, BlobStore blobs, JdbcTemplate jdbc) {
        this.contentCheck = contentCheck;
        this.blobs = blobs;
        this.jdbc = jdbc;
    }

    /**
     * Checks every release in the record (before any row is written, so a refusal leaves nothing
     * behind): its blob was uploaded with the declared size, and its content passes the check.
     *
     * @param before the package state before the record
     */
    Map<String, ReleaseContent> check(PackageName name, SignedRecord signed, PackageState before) {
        Map<String, ReleaseContent> contents = new HashMap<>();
        for (Entry.Release release : releases(signed)) {
            contents.put(release.version().toString(), check(name, release, before));
        }
        return contents;
    }

    /**
     * What can still be read of a signed record's releases: a release whose content cannot be read
     * or that the current policy would refuse keeps no summary, since it was accepted under the
     * policy of its day (the interface index's backfill tries it again later).
     */
    Map<String, ReleaseContent> readForRestore(PackageName name, SignedRecord signed, PackageState before) {
        Map<String, ReleaseContent> contents = new HashMap<>();
        for (Entry.Release release : releases(signed)) {
            try {
                contents.put(release.version().toString(), contentCheck.check(name, release, before, blobs));
            } catch (RuntimeException e) {
                log.warn("restoring {}@{} without its capability summary: {}", name, release.version(), e.getMessage());
            }
        }
        return contents;
    }

    /**
     * Under the shared reclaim lock of each blob the record's releases name (held to the commit),
     * checks the blob is still stored: the orphan sweeper deletes only under the exclusive lock and
     * after checking no committed release names the blob, so either it saw this release or the
     * blob is found gone here and the record refused, never committed without its content.
     */
    void requireStillStored(SignedRecord signed) {
        List<Digest> contents =
                releases(signed).stream().map(Entry.Release::content).toList();
        if (contents.isEmpty()) {
            return;
        }
        ReclaimLocks.holdShared(jdbc, contents);
        for (Digest content : contents) {
            if (blobs.stat(content).isEmpty()) {
                throw Refusal.invalid(
                        ProblemCodes.BLOB_RECLAIMED,
                        "blob " + content + " was reclaimed as an orphan (no release named it for the grace"
                                + " period) before this record was committed; upload it again and publish again");
            }
            // Named by a release now, the blob is no longer a pending upload of anyone's.
            jdbc.update("DELETE FROM blob_uploads WHERE digest = ?", content.toString());
        }
    }

    private ReleaseContent check(PackageName name, Entry.Release release, PackageState before) {
        BlobInfo blob = blobs.stat(release.content())
                .orElseThrow(() -> Refusal.invalid(
                        ProblemCodes.DIGEST_MISMATCH,
                        "no blob " + release.content()
                                + " was uploaded; upload the content before the release record"));
        if (blob.size() != release.size()) {
            throw Refusal.invalid(
                    ProblemCodes.DIGEST_MISMATCH,
                    "release " + release.version() + " declares " + release.size() + " bytes but blob "
                            + release.content() + " has " + blob.size());
        }
        return contentCheck.check(name, release, before, blobs);
    }

    private static List<Entry.Release> releases(SignedRecord signed) {
        return signed.record().entries().stream()
                .filter(Entry.Release.class::isInstance)
                .map(Entry.Release.class::cast)
                .toList();
    }
}
