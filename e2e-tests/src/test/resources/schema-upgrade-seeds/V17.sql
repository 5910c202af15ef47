-- A composition refused at schema V17, which stores the refusal's kind.
INSERT INTO compositions (id, status, request, caller, error_code, error_detail, error_kind, created_at, finished_at, attempts)
VALUES ('17171717-0000-4000-8000-000000000017', 'failed', '{"plan":"seed"}', '{"token":"tok-seed-v1"}',
        'forbidden', 'made at schema V17', 'forbidden', '2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z', 1);
-- check: SELECT count(*) = 1 FROM compositions WHERE id = '17171717-0000-4000-8000-000000000017' AND error_kind = 'forbidden'
