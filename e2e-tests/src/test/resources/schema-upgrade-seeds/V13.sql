-- A web session of V1's token, and a token that token made (V13 added created_by).
INSERT INTO web_sessions (id_hash, token_id, csrf_token, created_at, expires_at)
VALUES (repeat('5e', 32), 'tok-seed-v1', 'csrf-seed-v13', '2026-01-02T03:04:05Z', '2099-01-01T00:00:00Z');
INSERT INTO tokens (id, token_hash, scopes, patterns, description, created_at, created_by)
VALUES ('tok-seed-v13', encode(sha256('wreg_SeedTokenFromSchemaV13xxxxxxxxxxxxxxxxxxxxx'::bytea), 'hex'),
        'publish', 'seed:*', 'made at schema V13', '2026-01-02T03:04:05Z', 'tok-seed-v1');
-- check: SELECT count(*) = 1 FROM web_sessions WHERE id_hash = repeat('5e', 32) AND token_id = 'tok-seed-v1'
-- check: SELECT count(*) = 1 FROM tokens WHERE id = 'tok-seed-v13' AND created_by = 'tok-seed-v1' AND patterns = 'seed:*'
