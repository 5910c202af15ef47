-- The witness cosignature age metric (wreg_witness_cosignature_age_seconds) asks, per witness of
-- the policy, when its newest cosignature arrived: with this index that is one index probe per
-- witness however many checkpoints the log has signed.
CREATE INDEX log_cosignatures_by_witness ON log_cosignatures (witness, received_at);
