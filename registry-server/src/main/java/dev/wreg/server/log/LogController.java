package dev.wreg.server.log;

import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import dev.wreg.server.refusal.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log's read API: c2sp.org/tlog-tiles under {@code /log/}, plus convenience proofs a client
 * never has to trust (it can derive them from the tiles) and the log's verifier key.
 */
@RestController
@Tag(name = "log")
public class LogController {

    static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ServedLog log;
    private final LogTiles tiles;
    private final LogSigner signer;

    public LogController(ServedLog log, LogTiles tiles, LogSigner signer) {
        this.log = log;
        this.tiles = tiles;
        this.signer = signer;
    }

    @Operation(summary = "The latest signed checkpoint (c2sp.org/tlog-checkpoint)")
    @GetMapping("/log/checkpoint")
    public ResponseEntity<byte[]> checkpoint() {
        return ResponseEntity.ok()
                .contentType(TEXT)
                .cacheControl(CacheControl.noCache())
                .body(log.latest().note());
    }

    @Operation(summary = "The log's note verifier key (vkey)")
    @GetMapping("/log/vkey")
    public ResponseEntity<String> vkey() {
        return ResponseEntity.ok().contentType(TEXT).body(signer.verifierKey().text() + "\n");
    }

    @Operation(summary = "A tile or entry bundle (c2sp.org/tlog-tiles)")
    @GetMapping("/log/tile/**")
    public ResponseEntity<byte[]> tile(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/log/".length());
        TileResource resource;
        try {
            resource = TileResource.parse(path);
        } catch (LogException e) {
            throw Refusal.notFound("no such tile: " + e.getMessage());
        }
        // Only what a signed checkpoint covers is served (and cached as immutable): a tile written by
        // an integration that was never signed may still be replaced.
        long signed = log.signedSize();
        if (!LogTiles.coveredBy(resource, signed)) {
            throw Refusal.notFound("the log has signed no checkpoint that covers " + path);
        }
        byte[] data = tiles.find(resource).orElseThrow(() -> Refusal.notFound("the log has no " + path));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .body(data);
    }

    @Operation(
            summary = "Inclusion proof of entry `index` under the checkpoint of size `size` (c2sp.org/tlog-proof@v1)")
    @GetMapping("/log/proof/inclusion")
    public ResponseEntity<byte[]> inclusion(@RequestParam long index, @RequestParam(required = false) Long size) {
        StoredCheckpoint checkpoint = size == null ? log.latest() : signedAt(size);
        if (index < 0 || index >= checkpoint.size()) {
            throw Refusal.invalid(
                    LogException.INVALID_PROOF_REQUEST,
                    "index " + index + " is not in the tree of size " + checkpoint.size());
        }
        return ResponseEntity.ok()
                .contentType(TEXT)
                .body(log.inclusion(index, checkpoint).proof().toBytes());
    }

    @Operation(summary = "Consistency proof from size `old` to size `size`: base64 hashes, one per line")
    @GetMapping("/log/proof/consistency")
    public ResponseEntity<String> consistency(@RequestParam long old, @RequestParam long size) {
        StoredCheckpoint checkpoint = signedAt(size);
        if (old < 0 || old > size) {
            throw Refusal.invalid(
                    LogException.INVALID_PROOF_REQUEST, "old size " + old + " must be between 0 and " + size);
        }
        List<byte[]> proof = old == 0 || old == size
                ? List.of()
                : MerkleProofs.consistencyProof(old, size, new TileHashReader(checkpoint.size(), tiles));
        StringBuilder body = new StringBuilder();
        for (byte[] hash : proof) {
            body.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        return ResponseEntity.ok().contentType(TEXT).body(body.toString());
    }

    /** Proofs are only given for sizes the log signed, whose partial tiles are therefore stored. */
    private StoredCheckpoint signedAt(long size) {
        return log.signedAt(size).orElseThrow(() -> Refusal.notFound("the log signed no checkpoint of size " + size));
    }
}
