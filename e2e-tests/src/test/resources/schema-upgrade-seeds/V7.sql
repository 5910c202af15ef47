-- A composition a worker had claimed twice at schema V7, then failed for good.
INSERT INTO compositions (id, status, request, caller, error_code, error_detail, error_status, created_at, claimed_at, claimed_by, finished_at, attempts)
VALUES ('7a7a7a7a-0000-4000-8000-000000000007', 'failed', '{"plan":"seed"}', '{"token":"tok-seed-v1"}',
        'composition-lost', 'made at schema V7', 503, '2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z', 'replica-a', '2026-01-02T03:04:07Z', 2);
-- check: SELECT count(*) = 1 FROM compositions WHERE id = '7a7a7a7a-0000-4000-8000-000000000007' AND attempts = 2
