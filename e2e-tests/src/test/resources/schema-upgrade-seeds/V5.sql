-- A log this server witnessed at schema V5, and the checkpoint it cosigned.
INSERT INTO witness_checkpoints (origin, tree_size, root_hash, note, updated_at)
VALUES ('example.com/seed-v5', 7, decode(repeat('ab', 32), 'hex'), convert_to('example.com/seed-v5' || chr(10) || '7' || chr(10), 'UTF8'),
        '2026-01-02T03:04:05Z');
-- check: SELECT count(*) = 1 FROM witness_checkpoints WHERE origin = 'example.com/seed-v5' AND tree_size = 7 AND root_hash = decode(repeat('ab', 32), 'hex')
