-- The interface index (docs/search.md): for every release, the interfaces its world imports and
-- exports (or, for a WIT package, defines) and the text search document of its package. Written
-- in the transaction that accepts the release; releases accepted before this migration are
-- indexed by the server's start-up backfill (it needs each release's WIT, which is in the blob).
-- Everything here is a projection of the releases and their blobs and can be rebuilt.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per indexed release. `current` marks the release a package is searched by: its newest
-- release that is not yanked, else its newest release. Versions are split into numbers so that
-- "newest first" is an index order. `yanked` and `deprecated` repeat the releases projection's, kept
-- in step by the same publish transaction, so ranking never joins another table.
CREATE TABLE release_search (
    release_id      BIGINT  PRIMARY KEY REFERENCES releases (id),
    package_id      BIGINT  NOT NULL REFERENCES packages (id),
    package         TEXT    NOT NULL,   -- ns:name
    namespace       TEXT    NOT NULL,
    version         TEXT    NOT NULL,
    v_major         BIGINT  NOT NULL,
    v_minor         BIGINT  NOT NULL,
    v_patch         BIGINT  NOT NULL,
    v_release       BOOLEAN NOT NULL,   -- false for a prerelease, which sorts below its release
    description     TEXT,
    interface_names TEXT    NOT NULL,   -- space-separated ns:pkg/iface of every row in release_interfaces
    function_names  TEXT    NOT NULL,   -- space-separated function names of those interfaces
    readable        BOOLEAN NOT NULL,   -- false when the release's WIT could not be read (no interface rows)
    yanked          BOOLEAN NOT NULL DEFAULT FALSE,
    deprecated      TEXT,
    current         BOOLEAN NOT NULL DEFAULT FALSE,
    -- Weights: the package name (A) over its interfaces (B) over the description (C) over function
    -- names (D). Punctuation in names becomes spaces, so `wasi:http/incoming-handler` is found by
    -- `http` and by `incoming-handler`.
    document        TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', regexp_replace(package, '[^A-Za-z0-9-]+', ' ', 'g')), 'A')
        || setweight(to_tsvector('english', regexp_replace(interface_names, '[^A-Za-z0-9-]+', ' ', 'g')), 'B')
        || setweight(to_tsvector('english', coalesce(description, '')), 'C')
        || setweight(to_tsvector('english', regexp_replace(function_names, '[^A-Za-z0-9-]+', ' ', 'g')), 'D')
    ) STORED
);
CREATE INDEX release_search_package ON release_search (package_id);
CREATE INDEX release_search_document ON release_search USING gin (document) WHERE current;
CREATE INDEX release_search_name_trgm ON release_search USING gin (package gin_trgm_ops) WHERE current;
CREATE INDEX release_search_namespace ON release_search (namespace) WHERE current;

-- WIT texts of interfaces, stored once however many releases carry the same text.
CREATE TABLE interface_texts (
    digest  TEXT PRIMARY KEY,           -- sha256:<hex> of the UTF-8 text
    wit     TEXT NOT NULL
);

-- One row per interface a release imports, exports or defines. `track` is the semver track of the
-- interface version (`1` for 1.y.z, `0.2` for 0.2.z, the exact version for 0.0.z and
-- prereleases, '' when the interface has no version). The release's package name and version are
-- repeated here (they never change) so that "who imports this, by package, newest first" is one
-- index scan.
CREATE TABLE release_interfaces (
    release_id  BIGINT  NOT NULL REFERENCES release_search (release_id),
    package_id  BIGINT  NOT NULL REFERENCES packages (id),
    package     TEXT    NOT NULL,       -- ns:name of the release
    r_major     BIGINT  NOT NULL,       -- the release's version, as in release_search
    r_minor     BIGINT  NOT NULL,
    r_patch     BIGINT  NOT NULL,
    r_release   BOOLEAN NOT NULL,
    direction   TEXT    NOT NULL CHECK (direction IN ('import', 'export', 'define')),
    interface   TEXT    NOT NULL,       -- ns:pkg/iface
    version     TEXT,                   -- NULL when unversioned
    track       TEXT    NOT NULL,
    i_major     BIGINT  NOT NULL,
    i_minor     BIGINT  NOT NULL,
    i_patch     BIGINT  NOT NULL,
    functions   TEXT    NOT NULL,       -- space-separated
    wit_digest  TEXT    NOT NULL REFERENCES interface_texts (digest),
    PRIMARY KEY (release_id, direction, interface, track)
);
-- An interface's providers and consumers on a track, newest interface version first.
CREATE INDEX release_interfaces_lookup
    ON release_interfaces (interface, direction, track, i_major DESC, i_minor DESC, i_patch DESC, release_id DESC);
-- Its consumers by package, newest release first (dependents).
CREATE INDEX release_interfaces_by_package
    ON release_interfaces (interface, direction, track, package, r_major DESC, r_minor DESC, r_patch DESC,
                           r_release DESC);
CREATE INDEX release_interfaces_trgm ON release_interfaces USING gin (interface gin_trgm_ops);
