package dev.wreg.server.uploads;

import dev.wreg.protocol.digest.Digest;
import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One PostgreSQL advisory lock per blob, held to the end of the current transaction. The sweeper
 * takes it exclusively while it checks that nothing references a blob and deletes it; an upload
 * takes it shared while it notes itself in {@code blob_uploads}, and a publish's commit takes it
 * shared while it checks that the blobs its releases name are still stored. Whichever comes
 * second sees what the first committed.
 *
 * <p>The two-key form lives apart from the one-key locks of the sequencer and the operator log;
 * the second key is the digest's first 32 bits, so two blobs rarely share a lock (and sharing one
 * only makes one wait for the other).
 */
public final class ReclaimLocks {

    /** "wblb": the first key of every blob's lock. */
    static final int BLOB_LOCKS = 0x7762_6c62;
    /** "wswp" 0: held by the replica whose sweeper is running. */
    static final int SWEEPER = 0x7773_7770;

    private ReclaimLocks() {}

    /** Takes the blobs' locks shared (in digest order, so two holders never wait on each other). */
    public static void holdShared(JdbcTemplate jdbc, Collection<Digest> digests) {
        digests.stream()
                .map(ReclaimLocks::key)
                .distinct()
                .sorted()
                .forEach(key -> jdbc.queryForList("SELECT pg_advisory_xact_lock_shared(?, ?)", BLOB_LOCKS, key));
    }

    static void holdExclusive(JdbcTemplate jdbc, Digest digest) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?, ?)", BLOB_LOCKS, key(digest));
    }

    static int key(Digest digest) {
        return Integer.parseUnsignedInt(digest.hex().substring(0, 8), 16);
    }
}
