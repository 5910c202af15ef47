/**
 * Blob storage: component bytes addressed by their sha256 digest, plus named immutable objects
 * (log tiles).
 *
 * <p>{@link dev.wreg.server.blobs.BlobStore} is the seam; {@link
 * dev.wreg.server.blobs.FilesystemBlobStore} (the default, under {@code ${wreg.data-dir}/blobs})
 * and {@link dev.wreg.server.blobs.S3BlobStore} (AWS S3, MinIO, Ceph RGW) implement it, and
 * {@link dev.wreg.server.blobs.BlobStoreConfiguration} picks one from {@code wreg.blobs.*}. Both
 * stream uploads to a temporary place while hashing them, enforce the size limit while reading,
 * and publish a blob under its digest only once the digest is checked. {@code BlobController} is
 * the HTTP side.
 *
 * <p>S3 credentials need s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket (without it
 * AWS answers 403 instead of 404 for a missing blob) and s3:AbortMultipartUpload on the bucket.
 * Give the bucket a lifecycle rule that expires {@code uploads/} after a day and aborts incomplete
 * multipart uploads: a crash mid-upload leaves them behind.
 */
package dev.wreg.server.blobs;
