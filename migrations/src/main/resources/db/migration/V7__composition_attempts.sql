-- How often a composition job was claimed. A worker renews its claim (claimed_at) while it runs,
-- so only a job whose worker died loses its lease; claimed_by is then a fencing token: the old
-- worker can no longer finish the job. After wreg.compositions.max-attempts claims the job fails
-- for good instead of being requeued again.
ALTER TABLE compositions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
