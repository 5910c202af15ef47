-- Registry core: operator log (namespaces), package logs, release projection, API tokens.
-- Signed material is kept byte for byte as submitted (envelope) so that anyone can re-verify it;
-- everything else in these tables is a projection that can be rebuilt from the envelopes.

CREATE TABLE operator_records (
    log_index   BIGINT PRIMARY KEY,
    record_id   TEXT        NOT NULL UNIQUE,
    envelope    BYTEA       NOT NULL,
    payload     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE namespaces (
    name            TEXT PRIMARY KEY,
    canonical_name  TEXT        NOT NULL UNIQUE,
    owners          TEXT        NOT NULL, -- JSON array of key texts, as in the operator record
    record_id       TEXT        NOT NULL REFERENCES operator_records (record_id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE packages (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE,
    canonical_name  TEXT        NOT NULL UNIQUE,
    namespace       TEXT        NOT NULL REFERENCES namespaces (name),
    head            TEXT,
    record_count    BIGINT      NOT NULL DEFAULT 0,
    latest          TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE package_records (
    id              BIGSERIAL PRIMARY KEY,
    package_id      BIGINT      NOT NULL REFERENCES packages (id),
    record_index    BIGINT      NOT NULL,
    record_id       TEXT        NOT NULL UNIQUE,
    envelope        BYTEA       NOT NULL,
    payload         BYTEA       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (package_id, record_index)
);

CREATE TABLE releases (
    id              BIGSERIAL PRIMARY KEY,
    package_id      BIGINT      NOT NULL REFERENCES packages (id),
    version         TEXT        NOT NULL,
    content_digest  TEXT        NOT NULL,
    size            BIGINT      NOT NULL,
    record_id       TEXT        NOT NULL,
    released_at     TIMESTAMPTZ NOT NULL,
    yanked          BOOLEAN     NOT NULL DEFAULT FALSE,
    yank_reason     TEXT,
    deprecated      TEXT,
    UNIQUE (package_id, version)
);
CREATE INDEX releases_content_digest ON releases (content_digest);

CREATE TABLE package_keys (
    package_id      BIGINT NOT NULL REFERENCES packages (id),
    key_id          TEXT   NOT NULL,
    permissions     TEXT   NOT NULL, -- space-separated, lowercase
    PRIMARY KEY (package_id, key_id)
);

CREATE TABLE tokens (
    id              TEXT PRIMARY KEY,
    token_hash      TEXT        NOT NULL UNIQUE, -- sha256 hex of the whole token text; the token itself is never stored
    scopes          TEXT        NOT NULL,        -- space-separated: publish yank admin
    patterns        TEXT,                        -- space-separated package patterns (ns:name, ns:*), NULL = any
    description     TEXT,
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
