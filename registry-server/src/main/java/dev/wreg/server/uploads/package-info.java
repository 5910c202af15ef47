/**
 * Upload limits and orphan reclamation: what keeps blobs that no release will ever name from
 * filling the store.
 *
 * <p>{@link dev.wreg.server.uploads.UploadAdmission} holds an upload to its namespace's limits
 * (size, pending count) before a byte is stored and notes it in {@code blob_uploads}; {@link
 * dev.wreg.server.uploads.OrphanSweeper} deletes blobs that no release or composition references
 * once they are older than {@code wreg.uploads.orphan-grace}; {@link
 * dev.wreg.server.uploads.ReclaimLocks} is the one lock per blob that keeps the sweeper and a
 * publish naming the blob apart: the sweeper checks and deletes under the exclusive lock, a
 * publish's commit checks the blob is still stored under the shared one, so a blob is never deleted
 * once a committed release names it.
 */
package dev.wreg.server.uploads;
