-- Near misses of package names compare the name without its namespace (SearchService): the
-- trigrams of a namespace ("ns", "ns2", ...) are shared by every package in it, and the index on
-- whole names made each name query read their long posting lists. The index on whole names stays
-- for the "did you mean" suggestions, which compare whole names.
CREATE INDEX release_search_name_trgm_without_namespace ON release_search
    USING gin (split_part(package, ':', 2) gin_trgm_ops) WHERE current;
