package dev.wreg.server.publish;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.server.api.ApiProblem;
import dev.wreg.server.api.ProblemCodes;
import dev.wreg.server.blobs.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Until the validator lands: a release must at least start with the component-model preamble
 * (magic {@code \0asm}, version 0x0d 0x00, layer 0x01 0x00). A core module (layer 0) or any
 * other file is refused.
 */
@Component
public class ComponentPreambleCheck implements ReleaseContentCheck {

    static final byte[] COMPONENT_PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

    @Override
    public void check(PackageName pkg, Entry.Release release, BlobStore blobs) {
        byte[] head = new byte[COMPONENT_PREAMBLE.length];
        int read;
        try (InputStream in = blobs.open(release.content(), 0, COMPONENT_PREAMBLE.length)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + release.content(), e);
        }
        if (read < COMPONENT_PREAMBLE.length || !Arrays.equals(head, COMPONENT_PREAMBLE)) {
            String seen = HexFormat.ofDelimiter(" ").formatHex(head, 0, read);
            String what = read >= 8 && head[0] == 0 && head[1] == 0x61 && head[4] == 1 && head[6] == 0
                    ? "a core WebAssembly module, not a component"
                    : "not a WebAssembly component (first bytes: " + seen + ")";
            throw new ApiProblem(
                    ProblemCodes.statusOf(ProblemCodes.NOT_A_COMPONENT),
                    ProblemCodes.NOT_A_COMPONENT,
                    pkg + "@" + release.version() + ": " + release.content() + " is " + what);
        }
    }
}
