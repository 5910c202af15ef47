package dev.wreg.server.uploads;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.publishpolicy.NamespacePublishPolicies;
import dev.wreg.server.publishpolicy.NamespacePublishPolicies.UploadLimits;
import dev.wreg.server.refusal.Refusal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admits a blob upload ({@code PUT /v1/blobs/{digest}}) to the store: holds it to the limits of
 * the namespace it is for before a byte is stored, and notes it in {@code blob_uploads} so that
 * the sweeper leaves the blob alone for the grace period and the token's pending uploads can be
 * counted.
 *
 * <p>The namespace is the one the upload names ({@code ?namespace=}), or else the one namespace
 * the token is limited to; an upload that names none and has a token for several gets the
 * top-level limits. The namespace's rules are still checked when a release names the blob, so
 * naming no namespace never lets a release past them; it only means the refusal comes after the
 * upload, and the blob is then reclaimed as an orphan.
 */
@Service
public record UploadAdmission(
        JdbcTemplate jdbc,
        TransactionTemplate transaction,
        NamespacePublishPolicies policies,
        Clock clock,
        UploadsProperties properties) {

    /**
     * An upload let in: the limits it is held to while its bytes stream in, and whether it noted a
     * new pending upload (so that a failed upload takes back only what it added).
     */
    public record Admitted(Caller caller, Digest digest, UploadLimits limits, boolean noted) {}

    /**
     * Checks the upload against its namespace's limits and notes it as pending; refuses with 413
     * {@code payload-too-large} when it declares more bytes than the namespace takes and 403
     * {@code too-many-pending-uploads} when the token already holds as many unreferenced uploads for
     * the namespace as it may. Nothing is stored when it refuses.
     *
     * @param declaredBytes the request's {@code Content-Length}; -1 when unknown (the store then
     *     stops reading at the limit)
     */
    public Admitted admit(Caller caller, Digest digest, String requestedNamespace, long declaredBytes) {
        String namespace = namespaceOf(caller, requestedNamespace);
        UploadLimits limits = policies.uploadLimits(namespace);
        if (declaredBytes > limits.maxBytes()) {
            throw tooLarge(limits, "blob of " + declaredBytes + " bytes");
        }
        Instant now = clock.instant();
        return transaction.execute(status -> {
            // Shared with other uploads and publishes, exclusive with the sweeper: once this commits,
            // the sweeper sees the note and keeps the blob, whatever the store holds right now.
            ReclaimLocks.holdShared(jdbc, List.of(digest));
            if (limits.maxPendingUploads() > 0) {
                long pending = pendingCount(caller.tokenId(), namespace, digest, now.minus(properties.orphanGrace()));
                if (pending >= limits.maxPendingUploads()) {
                    throw new Refusal(
                            Refusal.Kind.FORBIDDEN,
                            ProblemCodes.TOO_MANY_PENDING_UPLOADS,
                            "this token already has " + pending + " uploaded blobs for " + limits.owner()
                                    + " that no release names yet; the limit is " + limits.maxPendingUploads()
                                    + " pending uploads. Publish them, or wait until they are reclaimed ("
                                    + properties.orphanGrace().toHours() + " h after their upload)");
                }
            }
            Boolean inserted = jdbc.queryForObject(
                    "INSERT INTO blob_uploads (digest, token_id, namespace, size, uploaded_at) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (digest, token_id) DO UPDATE SET namespace = EXCLUDED.namespace,"
                            + " uploaded_at = EXCLUDED.uploaded_at RETURNING (xmax = 0)",
                    Boolean.class,
                    digest.toString(),
                    caller.tokenId(),
                    namespace,
                    Math.max(0, declaredBytes),
                    Timestamp.from(now));
            return new Admitted(caller, digest, limits, Boolean.TRUE.equals(inserted));
        });
    }

    /** Records the size the store reported once the upload is stored. */
    public void stored(Admitted admitted, long size) {
        jdbc.update(
                "UPDATE blob_uploads SET size = ? WHERE digest = ? AND token_id = ?",
                size,
                admitted.digest().toString(),
                admitted.caller().tokenId());
    }

    /** Takes back the note of an upload that stored nothing (refused, cut off, wrong digest). */
    public void failed(Admitted admitted) {
        if (admitted.noted()) {
            jdbc.update(
                    "DELETE FROM blob_uploads WHERE digest = ? AND token_id = ?",
                    admitted.digest().toString(),
                    admitted.caller().tokenId());
        }
    }

    /** The refusal of a blob over the namespace's size limit, naming the limit and whose it is. */
    public static Refusal tooLarge(UploadLimits limits, String what) {
        return new Refusal(
                Refusal.Kind.TOO_LARGE,
                ProblemCodes.PAYLOAD_TOO_LARGE,
                what + " exceeds the upload limit of " + limits.owner() + ", " + limits.maxBytes() + " bytes");
    }

    /** How many of the token's uploads for the namespace no release names yet (within the grace period). */
    long pendingCount(String tokenId, String namespace, Digest except, Instant since) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM blob_uploads u WHERE u.token_id = ? AND u.namespace IS NOT DISTINCT FROM ?"
                        + " AND u.uploaded_at >= ? AND u.digest <> ?"
                        + " AND NOT EXISTS (SELECT 1 FROM releases r WHERE r.content_digest = u.digest)",
                Long.class,
                tokenId,
                namespace,
                Timestamp.from(since),
                except.toString());
        return count == null ? 0 : count;
    }

    private static String namespaceOf(Caller caller, String requested) {
        if (requested != null && !requested.isBlank()) {
            String namespace = requested.toLowerCase(Locale.ROOT);
            if (!PackageName.isValidLabel(namespace)) {
                throw Refusal.invalid(ProblemCodes.INVALID_NAME, "'" + requested + "' is not a valid namespace");
            }
            boolean covered = caller.patterns().isEmpty()
                    || caller.patterns().stream().anyMatch(p -> p.startsWith(namespace + ":"));
            if (!covered) {
                throw Refusal.forbidden("this token is limited to " + String.join(", ", caller.patterns())
                        + " and cannot upload for namespace " + namespace);
            }
            return namespace;
        }
        List<String> namespaces = caller.patterns().stream()
                .filter(p -> p.indexOf(':') > 0)
                .map(p -> p.substring(0, p.indexOf(':')))
                .distinct()
                .toList();
        return namespaces.size() == 1 ? namespaces.getFirst() : null;
    }
}
