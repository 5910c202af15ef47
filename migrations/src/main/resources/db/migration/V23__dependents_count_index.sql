-- Counting the dependents of a popular interface (tens of thousands of importing releases) read
-- every matching heap row only to check that the importer is not the provider itself
-- (`package_id <> ?`), and the planner preferred the trigram index for the equality: 1.4–3.5 s over
-- 100,000 releases (bench/search-bench.sh). With package_id in the lookup index the count is an
-- index-only scan.
CREATE INDEX release_interfaces_lookup_covering
    ON release_interfaces (interface, direction, track, i_major DESC, i_minor DESC, i_patch DESC, release_id DESC)
    INCLUDE (package_id);
DROP INDEX release_interfaces_lookup;
ALTER INDEX release_interfaces_lookup_covering RENAME TO release_interfaces_lookup;
