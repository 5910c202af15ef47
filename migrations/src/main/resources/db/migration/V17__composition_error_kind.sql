-- A failed composition records what kind of refusal it was (docs/protocol.md, "Compositions"),
-- not the HTTP status it was answered with: how a kind is answered is the web layer's business.
-- The kinds are those of dev.wreg.server.refusal.Refusal.Kind, in lower case. Rows failed
-- before this migration get the kind their stored status stood for.
ALTER TABLE compositions ADD COLUMN error_kind TEXT
    CHECK (error_kind IN ('invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large',
                          'out_of_range', 'unprocessable', 'unavailable', 'broken'));

UPDATE compositions SET error_kind = CASE error_status
        WHEN 400 THEN 'invalid'
        WHEN 401 THEN 'unauthenticated'
        WHEN 403 THEN 'forbidden'
        WHEN 404 THEN 'not_found'
        WHEN 409 THEN 'conflict'
        WHEN 413 THEN 'too_large'
        WHEN 416 THEN 'out_of_range'
        WHEN 422 THEN 'unprocessable'
        WHEN 503 THEN 'unavailable'
        ELSE 'broken'
    END
    WHERE error_status IS NOT NULL;

ALTER TABLE compositions DROP COLUMN error_status;
