-- The capability summary of each release: the WASI interfaces its component imports
-- (space-separated, sorted, e.g. `wasi:cli/environment@0.2.0 wasi:io/streams@0.2.0`).
-- NULL for releases accepted before the summary was computed.
ALTER TABLE releases ADD COLUMN capabilities TEXT;
