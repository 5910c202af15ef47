package dev.wreg.server.oci;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.digest.Sha256Hasher;
import dev.wreg.protocol.name.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blob upload sessions ({@code oci_uploads}) and their bytes ({@code oci_upload_chunks}, in pieces
 * of at most {@link #PIECE} bytes). The bytes live in PostgreSQL rather than the blob store until a
 * manifest naming them is accepted: every replica sees every session, a refused push leaves
 * nothing in the store, and an abandoned session goes with one {@code DELETE} (its chunks cascade).
 */
@Repository
public class OciUploads {

    static final int PIECE = 1024 * 1024;

    /** A session: whose it is, how many bytes it holds, and its digest once finished. */
    public record Upload(String id, String pkg, String tokenId, long size, String digest) {
        public boolean finished() {
            return digest != null;
        }
    }

    private static final RowMapper<Upload> ROW =
            (rs, n) -> new Upload(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5));
    private static final String COLUMNS = "id, package, token_id, size, digest";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public OciUploads(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Upload start(PackageName pkg, String tokenId) {
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(
                "INSERT INTO oci_uploads (id, package, token_id, size, started_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)",
                id,
                pkg.toString(),
                tokenId,
                now,
                now);
        return new Upload(id, pkg.toString(), tokenId, 0, null);
    }

    public Optional<Upload> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM oci_uploads WHERE id = ?", ROW, id).stream()
                .findFirst();
    }

    /** The newest finished upload of {@code digest} for the package. */
    public Optional<Upload> finished(PackageName pkg, Digest digest) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM oci_uploads WHERE package = ? AND digest = ?"
                                + " ORDER BY updated_at DESC LIMIT 1",
                        ROW,
                        pkg.toString(),
                        digest.toString())
                .stream()
                .findFirst();
    }

    /**
     * Appends the stream to an unfinished session that holds exactly {@code expectedStart} bytes
     * (-1: wherever it stands), under the session row's lock so concurrent chunks cannot interleave.
     * Returns the session after the append.
     */
    public Upload append(String id, long expectedStart, InputStream in, long maxTotal) {
        return transaction.execute(status -> {
            Upload upload =
                    jdbc.query("SELECT " + COLUMNS + " FROM oci_uploads WHERE id = ? FOR UPDATE", ROW, id).stream()
                            .findFirst()
                            .orElseThrow(() ->
                                    new OciException(OciError.BLOB_UPLOAD_UNKNOWN, "upload " + id + " not found"));
            if (upload.finished()) {
                throw new OciException(OciError.BLOB_UPLOAD_INVALID, "upload " + id + " is already finished");
            }
            if (expectedStart >= 0 && expectedStart != upload.size()) {
                throw new OciException(
                        OciError.UPLOAD_OUT_OF_ORDER,
                        "this chunk starts at byte " + expectedStart + " but the upload holds " + upload.size()
                                + " bytes; send the chunk starting at " + upload.size());
            }
            long size = upload.size();
            try {
                byte[] piece;
                while ((piece = in.readNBytes(PIECE)).length > 0) {
                    if (size + piece.length > maxTotal) {
                        throw new OciException(
                                OciError.TOO_LARGE, "the upload exceeds the limit of " + maxTotal + " bytes");
                    }
                    jdbc.update(
                            "INSERT INTO oci_upload_chunks (upload_id, start_offset, data) VALUES (?, ?, ?)",
                            id,
                            size,
                            piece);
                    size += piece.length;
                }
            } catch (IOException e) {
                throw new OciException(OciError.BLOB_UPLOAD_INVALID, "the upload was interrupted: " + e.getMessage());
            }
            jdbc.update(
                    "UPDATE oci_uploads SET size = ?, updated_at = ? WHERE id = ?",
                    size,
                    Timestamp.from(clock.instant()),
                    id);
            return new Upload(id, upload.pkg(), upload.tokenId(), size, null);
        });
    }

    /** The digest of what the session holds. */
    public Digest hash(String id) {
        Sha256Hasher hasher = new Sha256Hasher();
        for (long offset : offsets(id)) {
            hasher.update(piece(id, offset));
        }
        return hasher.digest();
    }

    public void finish(String id, Digest digest) {
        jdbc.update(
                "UPDATE oci_uploads SET digest = ?, updated_at = ? WHERE id = ?",
                digest.toString(),
                Timestamp.from(clock.instant()),
                id);
    }

    /** The session's bytes, read piece by piece. */
    public InputStream open(String id) {
        List<Long> offsets = offsets(id);
        return new InputStream() {
            private int next;
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                while (position == current.length) {
                    if (next == offsets.size()) {
                        return -1;
                    }
                    current = piece(id, offsets.get(next++));
                    position = 0;
                }
                int n = Math.min(length, current.length - position);
                System.arraycopy(current, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    /** All the session's bytes; only for small blobs (a config), bounded by the caller. */
    public byte[] readAll(String id) {
        try (InputStream in = open(id)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String id) {
        jdbc.update("DELETE FROM oci_uploads WHERE id = ?", id);
    }

    /** Deletes the sessions not touched since {@code before}, with their bytes; answers how many. */
    public int deleteIdleSince(Instant before) {
        return jdbc.update("DELETE FROM oci_uploads WHERE updated_at < ?", Timestamp.from(before));
    }

    private List<Long> offsets(String id) {
        return jdbc.queryForList(
                "SELECT start_offset FROM oci_upload_chunks WHERE upload_id = ? ORDER BY start_offset", Long.class, id);
    }

    private byte[] piece(String id, long offset) {
        return jdbc.queryForObject(
                "SELECT data FROM oci_upload_chunks WHERE upload_id = ? AND start_offset = ?",
                byte[].class,
                id,
                offset);
    }
}
