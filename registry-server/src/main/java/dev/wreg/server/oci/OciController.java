package dev.wreg.server.oci;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.oci.ImageIndex;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.oci.TagList;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.blobs.BlobController;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.blobs.TomcatSendfile;
import dev.wreg.server.oci.OciAuthentication.Principal;
import dev.wreg.server.oci.OciContent.BlobContent;
import dev.wreg.server.oci.OciContent.Repository;
import dev.wreg.server.oci.OciUploads.Upload;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OCI distribution API under {@code /v2/}. Repository names contain slashes, so one mapping
 * takes every path and {@link OciRoute} splits it; the handlers write headers and bodies
 * themselves, because clients check them exactly ({@code Content-Type} without parameters,
 * {@code Docker-Content-Digest}, {@code Content-Length}). Documented in docs/oci.md rather than in
 * the OpenAPI document, which describes wreg's own API.
 */
@Hidden
@RestController
public class OciController {

    static final String DIGEST_HEADER = "Docker-Content-Digest";
    static final String OCTET_STREAM = "application/octet-stream";
    /** Most tags or repositories one page lists. */
    static final int MAX_PAGE = 1000;

    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d{1,19})-(\\d{1,19})(?:/.*)?");

    private final OciContent content;
    private final ReleaseProofs proofs;
    private final OciPush push;
    private final OciAuthentication authentication;
    private final BlobStore blobs;
    private final long maxManifestBytes;

    public OciController(
            OciContent content,
            ReleaseProofs proofs,
            OciPush push,
            OciAuthentication authentication,
            BlobStore blobs,
            OciProperties properties) {
        this.content = content;
        this.proofs = proofs;
        this.push = push;
        this.authentication = authentication;
        this.blobs = blobs;
        this.maxManifestBytes = properties.maxManifestSize().toBytes();
    }

    @RequestMapping(
            path = "/v2/{*path}",
            method = {RequestMethod.GET, RequestMethod.HEAD})
    public void read(@PathVariable String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        OciRoute route = OciRoute.parse(strip(path));
        Principal principal = authentication.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        boolean head = "HEAD".equals(request.getMethod());
        switch (route) {
            case OciRoute.Base base -> {
                if (principal instanceof Principal.Anonymous) {
                    // The challenge tells token-minded clients where to get one; pulls need none.
                    throw new OciException(OciError.UNAUTHORIZED, "authenticate, or pull anonymously");
                }
                json(response, "{}".getBytes(StandardCharsets.US_ASCII), "application/json", head);
            }
            case OciRoute.Catalog catalog -> {
                List<String> page = page(content.catalog(), request, response, "/v2/_catalog");
                json(response, catalogJson(page), "application/json", head);
            }
            case OciRoute.Tags tags -> {
                Repository repo = content.repository(tags.repository());
                List<String> page = page(content.tags(repo), request, response, "/v2/" + repo.name() + "/tags/list");
                json(response, new TagList(repo.name(), page).toBytes(), "application/json", head);
            }
            case OciRoute.Manifest manifest -> {
                byte[] body = content.cachedManifest(manifest.repository(), manifest.reference())
                        .orElseGet(
                                () -> manifestBytes(content.repository(manifest.repository()), manifest.reference()));
                response.setHeader(DIGEST_HEADER, Digest.sha256(body).toString());
                json(response, body, OciMediaTypes.IMAGE_MANIFEST, head);
            }
            case OciRoute.Blob blob -> serveBlob(blob.repository(), blob.digest(), request, response, head);
            case OciRoute.Referrers referrers -> {
                Digest subject = OciContent.parseDigest(referrers.digest());
                String artifactType = request.getParameter("artifactType");
                Optional<Repository> repo = content.findRepository(referrers.repository());
                ImageIndex index = repo.map(r -> proofs.referrers(r, subject, artifactType))
                        .orElse(new ImageIndex(List.of()));
                if (artifactType != null) {
                    response.setHeader("OCI-Filters-Applied", "artifactType");
                }
                json(response, index.toBytes(), OciMediaTypes.IMAGE_INDEX, head);
            }
            case OciRoute.Upload upload -> {
                PackageName pkg = content.packageOf(upload.repository());
                Caller caller = authentication.pusher(principal, upload.repository(), pkg);
                Upload session = push.session(pkg, upload.id(), caller);
                uploadHeaders(response, upload.repository(), session);
                response.setStatus(204);
            }
            case OciRoute.Uploads uploads ->
                throw new OciException(OciError.METHOD_NOT_ALLOWED, "start an upload with POST");
        }
    }

    @RequestMapping(path = "/v2/{*path}", method = RequestMethod.POST)
    public void post(@PathVariable String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!(OciRoute.parse(strip(path)) instanceof OciRoute.Uploads uploads)) {
            throw new OciException(OciError.METHOD_NOT_ALLOWED, "POST is only for /v2/<name>/blobs/uploads/");
        }
        PackageName pkg = content.packageOf(uploads.repository());
        Caller caller = authentication.pusher(
                authentication.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)), uploads.repository(), pkg);
        Upload session = push.start(pkg, caller);
        String digest = request.getParameter("digest");
        if (digest != null) {
            // Single-POST monolithic upload: the body is the whole blob.
            Digest expected = OciContent.parseDigest(digest);
            push.append(session, 0, request.getInputStream());
            push.finish(push.session(pkg, session.id(), caller), expected);
            created(response, uploads.repository(), expected);
            return;
        }
        uploadHeaders(response, uploads.repository(), session);
        response.setStatus(202);
    }

    @RequestMapping(path = "/v2/{*path}", method = RequestMethod.PATCH)
    public void patch(@PathVariable String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!(OciRoute.parse(strip(path)) instanceof OciRoute.Upload upload)) {
            throw new OciException(OciError.METHOD_NOT_ALLOWED, "PATCH is only for upload locations");
        }
        PackageName pkg = content.packageOf(upload.repository());
        Caller caller = authentication.pusher(
                authentication.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)), upload.repository(), pkg);
        Upload session = push.session(pkg, upload.id(), caller);
        long start = chunkStart(request.getHeader("Content-Range"));
        Upload after = push.append(session, start, request.getInputStream());
        uploadHeaders(response, upload.repository(), after);
        response.setStatus(202);
    }

    @RequestMapping(path = "/v2/{*path}", method = RequestMethod.PUT)
    public void put(@PathVariable String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        OciRoute route = OciRoute.parse(strip(path));
        Principal principal = authentication.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        switch (route) {
            case OciRoute.Upload upload -> {
                PackageName pkg = content.packageOf(upload.repository());
                Caller caller = authentication.pusher(principal, upload.repository(), pkg);
                Upload session = push.session(pkg, upload.id(), caller);
                String digest = request.getParameter("digest");
                if (digest == null) {
                    throw new OciException(OciError.DIGEST_INVALID, "closing an upload needs ?digest=sha256:…");
                }
                Digest expected = OciContent.parseDigest(digest);
                long start = request.getHeader("Content-Range") == null
                        ? -1
                        : chunkStart(request.getHeader("Content-Range"));
                Upload after = push.append(session, start, request.getInputStream());
                push.finish(after, expected);
                created(response, upload.repository(), expected);
            }
            case OciRoute.Manifest manifest -> {
                PackageName pkg = content.packageOf(manifest.repository());
                Caller caller = authentication.pusher(principal, manifest.repository(), pkg);
                byte[] body = readManifest(request);
                OciPush.Pushed pushed = push.putManifest(
                        manifest.repository(), pkg, manifest.reference(), request.getContentType(), body, caller);
                response.setStatus(201);
                response.setHeader(
                        HttpHeaders.LOCATION, "/v2/" + manifest.repository() + "/manifests/" + pushed.digest());
                response.setHeader(DIGEST_HEADER, pushed.digest().toString());
                response.setContentLength(0);
            }
            default ->
                throw new OciException(OciError.METHOD_NOT_ALLOWED, "PUT is only for upload locations and manifests");
        }
    }

    @RequestMapping(path = "/v2/{*path}", method = RequestMethod.DELETE)
    public void delete(@PathVariable String path, HttpServletRequest request, HttpServletResponse response) {
        if (!(OciRoute.parse(strip(path)) instanceof OciRoute.Upload upload)) {
            throw new OciException(
                    OciError.UNSUPPORTED,
                    "releases are immutable: manifests, tags and blobs cannot be deleted (yank a release with wreg)");
        }
        PackageName pkg = content.packageOf(upload.repository());
        Caller caller = authentication.pusher(
                authentication.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)), upload.repository(), pkg);
        push.cancel(push.session(pkg, upload.id(), caller));
        response.setStatus(204);
    }

    private byte[] manifestBytes(Repository repo, String reference) {
        try {
            return content.manifest(repo, reference).manifest();
        } catch (OciException e) {
            if (e.error() == OciError.MANIFEST_UNKNOWN && reference.contains(":")) {
                return proofs.manifest(repo, OciContent.parseDigest(reference)).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private void serveBlob(
            String repository,
            String digestText,
            HttpServletRequest request,
            HttpServletResponse response,
            boolean head)
            throws IOException {
        Digest digest = OciContent.parseDigest(digestText);
        BlobContent blob = content.cachedBlob(repository, digest).orElseGet(() -> {
            Repository repo = content.repository(repository);
            return content.blob(repo, digest)
                    .or(() -> proofs.blob(repo, digest).map(bytes -> new BlobContent.Inline(digest, bytes)))
                    .orElseThrow(() ->
                            new OciException(OciError.BLOB_UNKNOWN, "blob " + digest + " not found in " + repository));
        });
        if (!head && blob instanceof BlobContent.Stored) {
            Optional<URI> presigned = blobs.presignedGet(digest);
            if (presigned.isPresent()) {
                response.setStatus(307);
                response.setHeader(HttpHeaders.LOCATION, presigned.get().toString());
                return;
            }
        }
        long size = blob.size();
        long offset = 0;
        long length = size;
        boolean partial = false;
        String range = request.getHeader(HttpHeaders.RANGE);
        if (range != null) {
            long[] bounds = BlobController.parseRange(range, size);
            if (bounds == null) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                throw new OciException(
                        OciError.RANGE_NOT_SATISFIABLE,
                        "range '" + OciRepositories.shorten(range) + "' cannot be served from a blob of " + size
                                + " bytes");
            }
            if (bounds.length == 2) {
                offset = bounds[0];
                length = bounds[1] - bounds[0] + 1;
                partial = true;
            }
        }
        response.setStatus(partial ? 206 : 200);
        response.setContentType(OCTET_STREAM);
        response.setHeader(DIGEST_HEADER, digest.toString());
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, "\"" + digest + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
        response.setContentLengthLong(length);
        if (partial) {
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
        }
        if (head || length == 0) {
            return;
        }
        if (blob instanceof BlobContent.Stored && TomcatSendfile.offer(request, blobs, digest, offset, length)) {
            return;
        }
        OutputStream out = response.getOutputStream();
        switch (blob) {
            case BlobContent.Inline inline -> out.write(inline.bytes(), (int) offset, (int) length);
            case BlobContent.Stored stored -> {
                try (InputStream in = blobs.open(digest, offset, length)) {
                    in.transferTo(out);
                }
            }
        }
    }

    /**
     * One page of an ASCII-sorted list: {@code n} (0 to {@value #MAX_PAGE}; default all, cut at
     * the maximum with a {@code Link} to the rest) after {@code last} (a name, not an index).
     */
    private static List<String> page(
            List<String> sorted, HttpServletRequest request, HttpServletResponse response, String path) {
        String nText = request.getParameter("n");
        String last = request.getParameter("last");
        int n = MAX_PAGE;
        if (nText != null) {
            try {
                n = Integer.parseInt(nText);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                throw new OciException(
                        OciError.INVALID_PARAMETER,
                        "n must be a whole number from 0 to " + MAX_PAGE + ", not " + nText);
            }
            n = Math.min(n, MAX_PAGE);
        }
        if (last != null && !last.matches("[A-Za-z0-9_][A-Za-z0-9._/-]{0,254}")) {
            throw new OciException(
                    OciError.INVALID_PARAMETER,
                    "last must be a tag or repository name from an earlier page, not '" + OciRepositories.shorten(last)
                            + "'");
        }
        List<String> after = last == null
                ? sorted
                : sorted.stream().filter(s -> s.compareTo(last) > 0).toList();
        List<String> page = after.subList(0, Math.min(n, after.size()));
        if (n > 0 && after.size() > page.size()) {
            response.setHeader(
                    "Link",
                    "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(page.getLast(), StandardCharsets.UTF_8)
                            + ">; rel=\"next\"");
        }
        return page;
    }

    private static byte[] catalogJson(List<String> repositories) {
        var node = dev.wreg.protocol.internal.StrictJson.newObject();
        var array = node.putArray("repositories");
        repositories.forEach(array::add);
        return dev.wreg.protocol.internal.StrictJson.write(node);
    }

    private byte[] readManifest(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxManifestBytes) {
            throw new OciException(
                    OciError.TOO_LARGE,
                    "a manifest of " + declared + " bytes exceeds the limit of " + maxManifestBytes);
        }
        byte[] body = request.getInputStream().readNBytes((int) maxManifestBytes + 1);
        if (body.length > maxManifestBytes) {
            throw new OciException(
                    OciError.TOO_LARGE, "the manifest exceeds the limit of " + maxManifestBytes + " bytes");
        }
        return body;
    }

    /** The start of a chunk's {@code Content-Range} ({@code a-b}); -1 when absent (streamed PATCH). */
    private static long chunkStart(String contentRange) {
        if (contentRange == null) {
            return -1;
        }
        Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
        if (!m.matches() || Long.parseLong(m.group(2)) < Long.parseLong(m.group(1))) {
            throw new OciException(
                    OciError.UPLOAD_OUT_OF_ORDER,
                    "Content-Range '" + OciRepositories.shorten(contentRange) + "' is not a-b");
        }
        return Long.parseLong(m.group(1));
    }

    private static void uploadHeaders(HttpServletResponse response, String repository, Upload session) {
        response.setHeader(HttpHeaders.LOCATION, "/v2/" + repository + "/blobs/uploads/" + session.id());
        response.setHeader("Docker-Upload-UUID", session.id());
        response.setHeader(HttpHeaders.RANGE, "0-" + Math.max(0, session.size() - 1));
        response.setContentLength(0);
    }

    private static void created(HttpServletResponse response, String repository, Digest digest) {
        response.setStatus(201);
        response.setHeader(HttpHeaders.LOCATION, "/v2/" + repository + "/blobs/" + digest);
        response.setHeader(DIGEST_HEADER, digest.toString());
        response.setContentLength(0);
    }

    private static void json(HttpServletResponse response, byte[] body, String contentType, boolean head)
            throws IOException {
        response.setStatus(200);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
