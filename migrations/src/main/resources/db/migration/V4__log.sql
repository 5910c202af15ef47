-- The transparency log (docs/protocol.md, "The log").
-- An accepted record (package or operator) adds its exact DSSE envelope bytes here in the same
-- transaction that accepts it; the sequencer later gives it a log index (phase 1, committed on its
-- own so an index is never handed out twice) and then integrates it into tiles and a signed
-- checkpoint (phase 2). Both phases run under one PostgreSQL advisory lock, so several replicas
-- on one database still have a single writer.
CREATE TABLE log_entries (
    seq         BIGSERIAL PRIMARY KEY,
    record_id   TEXT        NOT NULL UNIQUE,
    entry       BYTEA       NOT NULL,
    log_index   BIGINT      UNIQUE,      -- NULL until sequenced; never changes afterwards
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX log_entries_pending ON log_entries (seq) WHERE log_index IS NULL;

-- Every checkpoint the log has signed; each one was checked consistent with the previous one.
CREATE TABLE log_checkpoints (
    tree_size   BIGINT PRIMARY KEY,
    root_hash   BYTEA       NOT NULL,
    note        BYTEA       NOT NULL,
    signed_at   TIMESTAMPTZ NOT NULL
);
