package dev.wreg.protocol.api;

import java.util.List;

/**
 * An answer of {@code GET /v1/interfaces/{ns:pkg}/{iface}}: who provides and who consumes an
 * interface, by semver track, newest track first.
 *
 * @param name the interface without version, {@code ns:pkg/iface}
 * @param requested the version asked for, or null when every version was
 */
public record InterfaceReport(String name, String requested, List<InterfaceTrack> tracks) {

    public InterfaceReport {
        tracks = List.copyOf(tracks);
    }
}
