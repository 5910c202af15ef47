package dev.wreg.server.blobs;

import dev.wreg.engine.binary.WasmHeader;
import dev.wreg.protocol.api.BlobView;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.server.uploads.UploadAdmission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP side of blob storage. Uploads stream from the request straight into the store, which
 * hashes them on the way and publishes them under their digest only if it matches; downloads
 * go out with {@code Range} support, served as an attachment that browsers never sniff: from the
 * filesystem store with Tomcat's sendfile ({@link TomcatSendfile}), otherwise streamed, or as a
 * redirect to a short-lived presigned URL when the store offers one.
 */
@RestController
@Tag(name = "blobs")
public class BlobController {

    static final String WASM = "application/wasm";
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    private final BlobStore blobs;
    private final UploadAdmission admission;

    public BlobController(BlobStore blobs, UploadAdmission admission) {
        this.blobs = blobs;
        this.admission = admission;
    }

    @Operation(
            summary = "Upload a blob under its sha256 digest (publish token); idempotent",
            description = "With ?namespace= the upload is held to that namespace's size limit and its"
                    + " count of pending uploads (blobs no release names yet) before anything is stored.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                                        schema = @Schema(type = "string", format = "binary")),
                                @Content(mediaType = WASM, schema = @Schema(type = "string", format = "binary"))
                            }))
    @PutMapping(
            path = "/v1/blobs/{digest}",
            consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, WASM},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BlobView> put(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String digest,
            @Parameter(description = "the namespace the blob is uploaded for (whose limits apply)")
                    @RequestParam(name = "namespace", required = false)
                    String namespace,
            HttpServletRequest request)
            throws IOException {
        caller.require(Scope.PUBLISH);
        Digest expected = Digest.parse(digest);
        UploadAdmission.Admitted admitted =
                admission.admit(caller, expected, namespace, request.getContentLengthLong());
        StoredBlob stored;
        try {
            InputStream body = request.getInputStream();
            byte[] head = body.readNBytes(WasmHeader.LENGTH);
            requireWasm(head);
            long maxBytes = admitted.limits().maxBytes();
            stored = blobs.put(expected, new SequenceInputStream(new ByteArrayInputStream(head), body), maxBytes);
        } catch (BlobStoreException e) {
            admission.failed(admitted);
            if (BlobStoreException.PAYLOAD_TOO_LARGE.equals(e.code())) {
                throw UploadAdmission.tooLarge(admitted.limits(), "the blob");
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            admission.failed(admitted);
            throw e;
        }
        admission.stored(admitted, stored.size());
        return ResponseEntity.status(stored.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/v1/blobs/" + stored.digest()))
                .body(new BlobView(stored.digest().toString(), stored.size()));
    }

    @Operation(summary = "Download a blob (Range supported); HEAD gives its size")
    @GetMapping(path = "/v1/blobs/{digest}")
    public void get(@PathVariable String digest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Digest id = Digest.parse(digest);
        BlobInfo info = blobs.stat(id).orElseThrow(() -> Refusal.notFound("no blob " + id));
        boolean head = "HEAD".equals(request.getMethod());
        Optional<URI> presigned = head ? Optional.empty() : blobs.presignedGet(id);
        if (presigned.isPresent()) {
            // 307 as the OCI side answers: the client repeats the same GET at the store.
            response.setStatus(HttpStatus.TEMPORARY_REDIRECT.value());
            response.setHeader(HttpHeaders.LOCATION, presigned.get().toString());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return;
        }
        long size = info.size();
        long offset = 0;
        long length = size;
        String range = request.getHeader(HttpHeaders.RANGE);
        boolean partial = false;
        if (range != null && etagMatches(request.getHeader(HttpHeaders.IF_RANGE), id)) {
            long[] bounds = parseRange(range, size);
            if (bounds == null) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                throw new Refusal(
                        Refusal.Kind.OUT_OF_RANGE,
                        ProblemCodes.INVALID_RANGE,
                        "range '" + range + "' cannot be served from a blob of " + size + " bytes");
            }
            if (bounds.length == 2) {
                offset = bounds[0];
                length = bounds[1] - bounds[0] + 1;
                partial = true;
            }
        }
        response.setStatus(partial ? HttpStatus.PARTIAL_CONTENT.value() : HttpStatus.OK.value());
        response.setContentType(WASM);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id.hex() + ".wasm\"");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, "\"" + id + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
        response.setContentLengthLong(length);
        if (partial) {
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
        }
        if (head || length == 0) {
            return;
        }
        if (TomcatSendfile.offer(request, blobs, id, offset, length)) {
            return;
        }
        try (InputStream in = blobs.open(id, offset, length)) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }

    /**
     * Only WebAssembly is stored (and so served as {@code application/wasm}): anything else would be
     * kept forever and handed out as wasm. A component or a core module, as the engine's one header
     * check tells them apart.
     */
    static void requireWasm(byte[] head) {
        boolean wasm = WasmHeader.of(head)
                .filter(h -> h.isSupportedComponent() || h.isSupportedCoreModule())
                .isPresent();
        if (!wasm) {
            throw Refusal.invalid(
                    ProblemCodes.NOT_A_COMPONENT,
                    "a blob must be a WebAssembly component or core module; "
                            + (head.length == 0
                                    ? "this one is empty"
                                    : "this one starts with "
                                            + HexFormat.ofDelimiter(" ").formatHex(head)
                                            + ", not the preamble 00 61 73 6d 0d 00 01 00 (component) or"
                                            + " 00 61 73 6d 01 00 00 00 (core module)"));
        }
    }

    private static boolean etagMatches(String ifRange, Digest id) {
        return ifRange == null || ifRange.equals("\"" + id + "\"");
    }

    /**
     * One byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}). Returns the inclusive
     * bounds, an empty array to ignore the header (multi-range or another unit: answer with the
     * whole blob, which RFC 9110 allows), or null when it cannot be satisfied.
     */
    public static long[] parseRange(String header, long size) {
        Matcher m = SINGLE_RANGE.matcher(header.trim());
        if (!m.matches()) {
            return new long[0];
        }
        String first = m.group(1);
        String last = m.group(2);
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return new long[0];
                }
                long suffix = Long.parseLong(last);
                if (suffix == 0 || size == 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start >= size || (!last.isEmpty() && Long.parseLong(last) < start)) {
                return null;
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
