package dev.wreg.protocol.api;

import java.util.List;

/**
 * An answer of {@code GET /v1/search}: one page of hits, best first.
 *
 * @param page the page number, from 1
 * @param perPage the page size asked for
 * @param total how many packages match in all
 */
public record SearchPage(List<SearchHit> hits, int page, int perPage, long total) {

    public SearchPage {
        hits = List.copyOf(hits);
    }
}
