package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /v1/packages}: one page of packages by name, and how many there are in all. */
public record PackageListView(List<PackageSummaryView> packages, int page, int size, long total) {

    /** A package and its latest version ({@code null} when it has none). */
    public record PackageSummaryView(
            @JsonProperty("package") String pkg, String latest) {}
}
