-- A composition that failed at schema V6, when a failure stored its HTTP status (V17 turns it into a kind).
INSERT INTO compositions (id, status, request, caller, error_code, error_detail, error_status, created_at, finished_at)
VALUES ('6a6a6a6a-0000-4000-8000-000000000006', 'failed', '{"plan":"seed"}', '{"token":"tok-seed-v1"}',
        'unresolved-import', 'made at schema V6', 422, '2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z');
-- check: SELECT count(*) = 1 FROM compositions WHERE id = '6a6a6a6a-0000-4000-8000-000000000006' AND status = 'failed' AND error_detail = 'made at schema V6'
-- check: SELECT count(*) = 1 FROM compositions WHERE id = '6a6a6a6a-0000-4000-8000-000000000006' AND error_kind = 'unprocessable'
