-- The OCI distribution API (registry-server dev.wreg.server.oci).

-- One image manifest per release, written once: generated from the release for releases
-- published through /v1, or exactly the bytes a client pushed for releases published through
-- /v2 (the distribution spec requires them byte for byte). Once stored, a release's manifest and
-- config never change, so their digests are stable.
CREATE TABLE oci_manifests (
    package_id      BIGINT      NOT NULL REFERENCES packages (id),
    digest          TEXT        NOT NULL,
    version         TEXT        NOT NULL,
    manifest        BYTEA       NOT NULL,
    config_digest   TEXT        NOT NULL,
    config          BYTEA       NOT NULL,
    pushed          BOOLEAN     NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (package_id, version),
    UNIQUE (package_id, digest)
);
CREATE INDEX oci_manifests_config ON oci_manifests (package_id, config_digest);

-- Blob upload sessions of OCI pushes. Their bytes stay here, not in the blob store, until a
-- manifest naming them is accepted: a refused push leaves nothing in the store, and a session
-- not touched for wreg.oci.upload-expiry is deleted with its chunks.
CREATE TABLE oci_uploads (
    id              TEXT        PRIMARY KEY,
    package         TEXT        NOT NULL,
    token_id        TEXT        NOT NULL,
    size            BIGINT      NOT NULL DEFAULT 0,
    digest          TEXT,
    started_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX oci_uploads_finished ON oci_uploads (package, digest);
CREATE INDEX oci_uploads_updated ON oci_uploads (updated_at);

CREATE TABLE oci_upload_chunks (
    upload_id       TEXT        NOT NULL REFERENCES oci_uploads (id) ON DELETE CASCADE,
    start_offset    BIGINT      NOT NULL,
    data            BYTEA       NOT NULL,
    PRIMARY KEY (upload_id, start_offset)
);

-- Release-proof referrers: a release's DSSE envelope with its tlog-proof against one signed
-- checkpoint. Made when asked for; older ones are kept a while so a digest a client just read
-- from the referrers list stays fetchable.
CREATE TABLE oci_referrers (
    package_id      BIGINT      NOT NULL REFERENCES packages (id),
    digest          TEXT        NOT NULL,
    subject         TEXT        NOT NULL,
    tree_size       BIGINT      NOT NULL,
    manifest        BYTEA       NOT NULL,
    envelope_digest TEXT        NOT NULL,
    envelope        BYTEA       NOT NULL,
    proof_digest    TEXT        NOT NULL,
    proof           BYTEA       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (package_id, digest),
    UNIQUE (package_id, subject, tree_size)
);
