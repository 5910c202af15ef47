-- What a V1 registry held that no signature covers: an admin token (only its SHA-256 is stored).
INSERT INTO tokens (id, token_hash, scopes, patterns, description, created_at)
VALUES ('tok-seed-v1', encode(sha256('wreg_SeedTokenFromSchemaV1xxxxxxxxxxxxxxxxxxxxxx'::bytea), 'hex'),
        'admin publish', NULL, 'made at schema V1', '2026-01-02T03:04:05Z');
-- check: SELECT count(*) = 1 FROM tokens WHERE id = 'tok-seed-v1' AND description = 'made at schema V1' AND revoked_at IS NULL
