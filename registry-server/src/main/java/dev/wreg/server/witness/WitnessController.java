package dev.wreg.server.witness;

import dev.wreg.protocol.log.Note;
import dev.wreg.server.refusal.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The witness API (c2sp.org/tlog-witness) with {@code /witness} as its submission prefix. There is
 * no authentication: the log's signature on the checkpoint is what the witness trusts.
 */
@RestController
@Tag(name = "witness")
public class WitnessController {

    static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    /** The media type of the 409 body, as the specification requires. */
    public static final MediaType TLOG_SIZE = new MediaType("text", "x.tlog.size");

    private static final int MAX_BODY = Note.MAX_NOTE_BYTES + 8192;

    private final Witness witness;

    public WitnessController(Witness witness) {
        this.witness = witness;
    }

    @Operation(
            summary = "Submit a log checkpoint with a consistency proof for cosigning (c2sp.org/tlog-witness)",
            description = "Body: `old <size>`, up to 63 base64 consistency proof lines, a blank line, the signed"
                    + " checkpoint. 200: cosignature line(s); 409 (text/x.tlog.size): the size last cosigned;"
                    + " 404 unknown log; 403 no valid log signature; 400 malformed or old > size;"
                    + " 422 the proof does not verify.")
    @PostMapping("/witness/add-checkpoint")
    public ResponseEntity<String> addCheckpoint(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw Refusal.payloadTooLarge(MAX_BODY, "an add-checkpoint request");
        }
        return switch (witness.addCheckpoint(body)) {
            case Witness.Outcome.Cosigned cosigned ->
                ResponseEntity.ok().contentType(TEXT).body(cosigned.body());
            case Witness.Outcome.Conflict conflict ->
                ResponseEntity.status(HttpStatus.CONFLICT)
                        .contentType(TLOG_SIZE)
                        .body(conflict.size() + "\n");
            case Witness.Outcome.Refused refused -> throw new Refusal(refused.kind(), refused.code(), refused.reason());
        };
    }

    @Operation(summary = "The witness's cosignature verifier key (vkey, type 0x04)")
    @GetMapping("/witness/vkey")
    public ResponseEntity<String> vkey() {
        return witness.verifierKey()
                .map(key -> ResponseEntity.ok().contentType(TEXT).body(key.text() + "\n"))
                .orElseThrow(() -> Refusal.notFound("this server is not a witness"));
    }
}
