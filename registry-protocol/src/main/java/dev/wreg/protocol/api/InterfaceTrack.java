package dev.wreg.protocol.api;

import java.util.List;

/**
 * The releases working with one semver track of an interface ({@code 1.x}, {@code 0.2.x}; an
 * exact version for {@code 0.0.z} and prereleases; {@code unversioned} for an interface without
 * a version).
 *
 * @param newest the newest interface version seen on this track
 * @param wit the WIT text of the interface at {@code newest}
 * @param providers releases exporting it, newest package release first, one per package
 * @param providerCount how many packages provide it on this track (the list may be cut short)
 * @param consumers releases importing it, likewise
 * @param consumerCount how many packages consume it on this track
 */
public record InterfaceTrack(
        String track,
        String newest,
        String wit,
        List<InterfaceParty> providers,
        long providerCount,
        List<InterfaceParty> consumers,
        long consumerCount) {

    public InterfaceTrack {
        providers = List.copyOf(providers);
        consumers = List.copyOf(consumers);
    }
}
