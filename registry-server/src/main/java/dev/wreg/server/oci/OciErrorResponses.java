package dev.wreg.server.oci;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.internal.StrictJson;
import dev.wreg.server.api.ProblemResponses;
import dev.wreg.server.blobs.BlobStoreException;
import dev.wreg.server.config.PublicUrl;
import dev.wreg.server.refusal.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes every failure of the OCI endpoints in the distribution spec's format, {@code
 * {"errors":[{"code","message","detail"}]}}, with the spec's codes; a 401 carries the Bearer
 * challenge that sends clients to {@code /oci/token} for the scope the request needs.
 */
@RestControllerAdvice(assignableTypes = {OciController.class, OciTokenController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OciErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(OciErrorResponses.class);

    private final PublicUrl publicUrl;
    private final OciRepositories repositories;

    public OciErrorResponses(PublicUrl publicUrl, OciRepositories repositories) {
        this.publicUrl = publicUrl;
        this.repositories = repositories;
    }

    /** Status and wire code of each refusal. */
    record Wire(int status, String code) {}

    static Wire wire(OciError error) {
        return switch (error) {
            case BLOB_UNKNOWN -> new Wire(404, "BLOB_UNKNOWN");
            case BLOB_UPLOAD_INVALID -> new Wire(400, "BLOB_UPLOAD_INVALID");
            case BLOB_UPLOAD_UNKNOWN -> new Wire(404, "BLOB_UPLOAD_UNKNOWN");
            case DIGEST_INVALID -> new Wire(400, "DIGEST_INVALID");
            case MANIFEST_BLOB_UNKNOWN -> new Wire(404, "MANIFEST_BLOB_UNKNOWN");
            case MANIFEST_INVALID -> new Wire(400, "MANIFEST_INVALID");
            case MANIFEST_UNKNOWN -> new Wire(404, "MANIFEST_UNKNOWN");
            case NAME_INVALID -> new Wire(400, "NAME_INVALID");
            case NAME_UNKNOWN -> new Wire(404, "NAME_UNKNOWN");
            case SIZE_INVALID -> new Wire(400, "SIZE_INVALID");
            case UNAUTHORIZED -> new Wire(401, "UNAUTHORIZED");
            case DENIED -> new Wire(403, "DENIED");
            case UNSUPPORTED -> new Wire(405, "UNSUPPORTED");
            case INVALID_PARAMETER -> new Wire(400, "UNSUPPORTED");
            case RANGE_NOT_SATISFIABLE -> new Wire(416, "SIZE_INVALID");
            case UPLOAD_OUT_OF_ORDER -> new Wire(416, "BLOB_UPLOAD_INVALID");
            case TOO_LARGE -> new Wire(413, "SIZE_INVALID");
            case VERSION_EXISTS -> new Wire(409, "DENIED");
            case METHOD_NOT_ALLOWED -> new Wire(405, "UNSUPPORTED");
        };
    }

    @ExceptionHandler(OciException.class)
    ResponseEntity<byte[]> oci(OciException e, HttpServletRequest request) {
        Wire wire = wire(e.error());
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(wire.status());
        if (wire.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge(request));
        }
        return builder.contentType(MediaType.APPLICATION_JSON).body(body(wire.code(), e.getMessage(), e.detail()));
    }

    @ExceptionHandler(ProtocolException.class)
    ResponseEntity<byte[]> protocol(ProtocolException e, HttpServletRequest request) {
        OciError error = switch (e.code()) {
            case "invalid-digest" -> OciError.DIGEST_INVALID;
            case "invalid-name" -> OciError.NAME_INVALID;
            case "unauthorized", "revoked-key" -> OciError.DENIED;
            default -> OciError.MANIFEST_INVALID;
        };
        return oci(new OciException(error, e.getMessage(), e.code()), request);
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<byte[]> refusal(Refusal e, HttpServletRequest request) {
        OciError error = switch (e.kind()) {
            case UNAUTHENTICATED -> OciError.UNAUTHORIZED;
            case FORBIDDEN -> OciError.DENIED;
            case NOT_FOUND -> OciError.NAME_UNKNOWN;
            case TOO_LARGE -> OciError.TOO_LARGE;
            case CONFLICT -> OciError.VERSION_EXISTS;
            case OUT_OF_RANGE -> OciError.RANGE_NOT_SATISFIABLE;
            case INVALID, UNPROCESSABLE -> OciError.MANIFEST_INVALID;
            case UNAVAILABLE, BROKEN -> null;
        };
        if (error == null) {
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.kind() == Refusal.Kind.UNAVAILABLE ? 503 : 500)
                    .contentType(MediaType.APPLICATION_JSON);
            if (e.kind() == Refusal.Kind.UNAVAILABLE) {
                answer.header(HttpHeaders.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS);
            }
            return answer.body(body("UNKNOWN", e.detail(), e.code()));
        }
        return oci(new OciException(error, e.detail(), e.code()), request);
    }

    @ExceptionHandler(BlobStoreException.class)
    ResponseEntity<byte[]> blobStore(BlobStoreException e, HttpServletRequest request) {
        return switch (e.code()) {
            case BlobStoreException.NOT_FOUND -> oci(new OciException(OciError.BLOB_UNKNOWN, e.getMessage()), request);
            case BlobStoreException.PAYLOAD_TOO_LARGE ->
                oci(new OciException(OciError.TOO_LARGE, e.getMessage()), request);
            case BlobStoreException.DIGEST_MISMATCH ->
                oci(new OciException(OciError.DIGEST_INVALID, e.getMessage()), request);
            default -> {
                log.warn("blob store failure: {}", e.getMessage(), e);
                yield ResponseEntity.status(503)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body("UNKNOWN", "storage is unavailable; try again", e.code()));
            }
        };
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> other(Exception e, HttpServletRequest request) {
        if (e instanceof org.springframework.web.ErrorResponse spring) {
            int status = spring.getStatusCode().value();
            return ResponseEntity.status(status)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body(status == 405 ? "UNSUPPORTED" : "UNKNOWN", e.getMessage(), null));
        }
        log.error("unexpected failure on {}", request.getRequestURI(), e);
        return ResponseEntity.status(500)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body("UNKNOWN", "internal error; the request was not applied", null));
    }

    /** {@code Bearer realm=…,service=…[,scope=…]}: where to get a token for what this request needs. */
    String challenge(HttpServletRequest request) {
        String base = publicUrl.base(request);
        StringBuilder out = new StringBuilder("Bearer realm=\"")
                .append(base)
                .append(OciTokenController.PATH)
                .append("\",service=\"")
                .append(publicUrl.authority(request))
                .append('"');
        String uri = request.getRequestURI();
        if (uri.startsWith("/v2/") && uri.length() > 4) {
            try {
                OciRoute route = OciRoute.parse(uri.substring(4));
                String repository = switch (route) {
                    case OciRoute.Manifest m -> m.repository();
                    case OciRoute.Blob b -> b.repository();
                    case OciRoute.Uploads u -> u.repository();
                    case OciRoute.Upload u -> u.repository();
                    case OciRoute.Tags t -> t.repository();
                    case OciRoute.Referrers r -> r.repository();
                    case OciRoute.Base b -> null;
                    case OciRoute.Catalog c -> null;
                };
                if (repository != null) {
                    repositories.packageOf(repository); // only well-formed names go into a header
                    boolean read = request.getMethod().equals("GET")
                            || request.getMethod().equals("HEAD");
                    out.append(",scope=\"repository:").append(repository).append(read ? ":pull\"" : ":pull,push\"");
                }
            } catch (OciException ignored) {
                // no scope for a path that names no repository
            }
        }
        return out.toString();
    }

    static byte[] body(String code, String message, String detail) {
        ObjectNode node = StrictJson.newObject();
        ObjectNode error = node.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message == null ? "" : message);
        if (detail != null) {
            error.put("detail", detail);
        }
        return StrictJson.write(node);
    }
}
