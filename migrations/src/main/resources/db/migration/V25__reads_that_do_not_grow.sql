-- A 30-minute soak (bench/soak.sh) went from 0 errors to every publish refused after 20 minutes:
-- reads whose cost grew with the number of releases held every pooled connection. Each read below
-- now costs the same for 100 releases as for 100,000.

-- The home page's newest releases sorted every release to keep a dozen (30-70 ms at 10,000
-- releases, a sequential scan each time): read them from the end of this index instead.
CREATE INDEX releases_released_at ON releases (released_at DESC, id DESC);

-- The home page's totals counted every release and package on every view (20 ms at 10,000
-- releases). The counts are kept here, moved by the same transactions that add or remove the
-- rows, so they are exact and read in one row.
CREATE TABLE registry_counts (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    packages bigint NOT NULL,
    releases bigint NOT NULL
);
INSERT INTO registry_counts (one, packages, releases)
    VALUES (true, (SELECT count(*) FROM packages), (SELECT count(*) FROM releases));

CREATE FUNCTION wreg_count_packages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE registry_counts SET packages = packages + (SELECT count(*) FROM added);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE registry_counts SET packages = packages - (SELECT count(*) FROM removed);
    ELSE
        UPDATE registry_counts SET packages = 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION wreg_count_releases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE registry_counts SET releases = releases + (SELECT count(*) FROM added);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE registry_counts SET releases = releases - (SELECT count(*) FROM removed);
    ELSE
        UPDATE registry_counts SET releases = 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER packages_counted_insert AFTER INSERT ON packages
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION wreg_count_packages();
CREATE TRIGGER packages_counted_delete AFTER DELETE ON packages
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION wreg_count_packages();
CREATE TRIGGER packages_counted_truncate AFTER TRUNCATE ON packages
    FOR EACH STATEMENT EXECUTE FUNCTION wreg_count_packages();
CREATE TRIGGER releases_counted_insert AFTER INSERT ON releases
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION wreg_count_releases();
CREATE TRIGGER releases_counted_delete AFTER DELETE ON releases
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION wreg_count_releases();
CREATE TRIGGER releases_counted_truncate AFTER TRUNCATE ON releases
    FOR EACH STATEMENT EXECUTE FUNCTION wreg_count_releases();

-- A package's index rows by version: the publish hook's status update (which names the few
-- releases a record changed) read every row of the package to find them, and the package page's
-- dependents looked a release up by package name and version with no index on either.
CREATE INDEX release_search_package_version ON release_search (package_id, version);
DROP INDEX release_search_package;
ALTER INDEX release_search_package_version RENAME TO release_search_package;
CREATE INDEX release_search_package_name ON release_search (package, version);
