package dev.wreg.server.oci;

/**
 * A request path under {@code /v2/}, split into the repository and what is asked of it. The
 * repository is everything before the last {@code /manifests/}, {@code /blobs/}, {@code /tags/}
 * or {@code /referrers/}; it is checked later by {@link OciRepositories}.
 */
sealed interface OciRoute {

    /** {@code /v2/}. */
    record Base() implements OciRoute {}

    /** {@code /v2/_catalog}. */
    record Catalog() implements OciRoute {}

    /** {@code /v2/<name>/manifests/<reference>}. */
    record Manifest(String repository, String reference) implements OciRoute {}

    /** {@code /v2/<name>/blobs/<digest>}. */
    record Blob(String repository, String digest) implements OciRoute {}

    /** {@code /v2/<name>/blobs/uploads/}. */
    record Uploads(String repository) implements OciRoute {}

    /** {@code /v2/<name>/blobs/uploads/<id>}. */
    record Upload(String repository, String id) implements OciRoute {}

    /** {@code /v2/<name>/tags/list}. */
    record Tags(String repository) implements OciRoute {}

    /** {@code /v2/<name>/referrers/<digest>}. */
    record Referrers(String repository, String digest) implements OciRoute {}

    /** Parses the path after {@code /v2/} (without a leading slash). */
    static OciRoute parse(String path) {
        if (path.isEmpty()) {
            return new Base();
        }
        if (path.equals("_catalog")) {
            return new Catalog();
        }
        if (path.endsWith("/tags/list")) {
            return new Tags(path.substring(0, path.length() - "/tags/list".length()));
        }
        if (path.endsWith("/blobs/uploads/") || path.endsWith("/blobs/uploads")) {
            return new Uploads(path.substring(0, path.lastIndexOf("/blobs/uploads")));
        }
        int uploads = path.lastIndexOf("/blobs/uploads/");
        if (uploads > 0) {
            return new Upload(path.substring(0, uploads), path.substring(uploads + "/blobs/uploads/".length()));
        }
        int manifests = path.lastIndexOf("/manifests/");
        int blobs = path.lastIndexOf("/blobs/");
        int referrers = path.lastIndexOf("/referrers/");
        int last = Math.max(manifests, Math.max(blobs, referrers));
        if (last <= 0) {
            throw new OciException(OciError.NAME_UNKNOWN, "no such endpoint: /v2/" + OciRepositories.shorten(path));
        }
        if (last == manifests) {
            return new Manifest(path.substring(0, manifests), path.substring(manifests + "/manifests/".length()));
        }
        if (last == blobs) {
            return new Blob(path.substring(0, blobs), path.substring(blobs + "/blobs/".length()));
        }
        return new Referrers(path.substring(0, referrers), path.substring(referrers + "/referrers/".length()));
    }
}
