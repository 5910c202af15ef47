-- Composition jobs (docs/protocol.md, "Compositions"). A POST inserts a queued row; whichever
-- replica claims it first (SELECT … FOR UPDATE SKIP LOCKED) runs it, so any replica can answer
-- the poll. A failed composition keeps only its failed report: no result blob, no release.
CREATE TABLE compositions (
    id             UUID        PRIMARY KEY,
    status         TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    request        TEXT        NOT NULL,   -- the request as accepted, JSON
    caller         TEXT        NOT NULL,   -- JSON: the token that asked (publishing checks its scopes)
    inputs         TEXT,                   -- JSON: the inputs as resolved (package, version, digest)
    report         TEXT,                   -- JSON: the composition report (also kept when a check failed)
    result_digest  TEXT,
    result_size    BIGINT,
    error_code     TEXT,
    error_detail   TEXT,
    error_status   INTEGER,
    published      TEXT,                   -- JSON: the release the registry's composer key signed
    created_at     TIMESTAMPTZ NOT NULL,
    claimed_at     TIMESTAMPTZ,
    claimed_by     TEXT,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX compositions_queued ON compositions (created_at) WHERE status = 'queued';
CREATE INDEX compositions_running ON compositions (claimed_at) WHERE status = 'running';
