package dev.wreg.server.publish;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.server.blobs.BlobStore;

/**
 * The one place where a release's bytes are judged before the record that names them is
 * accepted. Today: the component preamble ({@link ComponentPreambleCheck}); the validator plugs
 * in here by providing another bean. The blob exists and has the declared size when this runs.
 */
public interface ReleaseContentCheck {

    /** Refuses with an {@link dev.wreg.server.api.ApiProblem} (code {@code not-a-component}, ...). */
    void check(PackageName pkg, Entry.Release release, BlobStore blobs);
}
