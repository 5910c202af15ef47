-- Web sessions (the registry's pages): a visitor signs in by pasting an API token; the browser
-- then holds only a random session ID in an HttpOnly, SameSite=Strict cookie. Only the SHA-256 of
-- that ID is stored, like tokens, so a database leak yields no usable session. Each request
-- re-checks the token behind the session, so revoking or expiring the token ends its sessions.
CREATE TABLE web_sessions (
    id_hash     TEXT PRIMARY KEY,                            -- sha256 hex of the cookie's session ID
    token_id    TEXT        NOT NULL REFERENCES tokens (id),
    csrf_token  TEXT        NOT NULL,                        -- what every POST form of the session must carry
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- Which token created a token (NULL for tokens created before this column, and for the
-- bootstrap token), so the tokens page can list "your tokens".
ALTER TABLE tokens ADD COLUMN created_by TEXT REFERENCES tokens (id);
