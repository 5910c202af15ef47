-- Blobs uploaded through PUT /v1/blobs and not yet known to be referenced (registry-server
-- dev.wreg.server.uploads). One row per blob and token: when it was last uploaded, for which
-- namespace the upload said it was (null: it named none), and its size. An upload is pending
-- while no release names its blob and it is younger than wreg.uploads.orphan-grace; the pending
-- ones count against wreg.policy.max-pending-uploads. The orphan sweeper never deletes a blob
-- with a row younger than the grace period, and deletes rows older than it.
CREATE TABLE blob_uploads (
    digest          TEXT        NOT NULL,
    token_id        TEXT        NOT NULL,
    namespace       TEXT,
    size            BIGINT      NOT NULL,
    uploaded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (digest, token_id)
);
CREATE INDEX blob_uploads_by_token ON blob_uploads (token_id, uploaded_at);
CREATE INDEX blob_uploads_uploaded ON blob_uploads (uploaded_at);
-- The sweeper asks whether a finished composition still names a result blob.
CREATE INDEX compositions_result_digest ON compositions (result_digest) WHERE result_digest IS NOT NULL;
