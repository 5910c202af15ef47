-- Witnessing (c2sp.org/tlog-witness), both sides.

-- Witness side: for every log this server witnesses (by origin), the latest checkpoint it
-- cosigned. A row only ever moves forward, by a compare-and-swap on (tree_size, root_hash), so
-- two concurrent add-checkpoint requests can never roll it back.
CREATE TABLE witness_checkpoints (
    origin      TEXT PRIMARY KEY,
    tree_size   BIGINT      NOT NULL,
    root_hash   BYTEA       NOT NULL,
    note        BYTEA       NOT NULL,   -- the checkpoint as submitted, kept as evidence
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Log side: the verified cosignature lines each witness of the tlog-policy returned for one of
-- this log's signed checkpoints; they are served after the log's own signature.
CREATE TABLE log_cosignatures (
    tree_size   BIGINT      NOT NULL REFERENCES log_checkpoints (tree_size),
    witness     TEXT        NOT NULL,   -- the witness name in the policy
    signatures  TEXT        NOT NULL,   -- one or more note signature lines, each ending in \n
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tree_size, witness)
);
