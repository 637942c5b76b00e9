-- Version 7: screening rounds. Every file imported is one batch (a round of screening); within
-- the latest batch for a study and stage, reviewers who disagree make a conflict (sql/
-- screening_status.sql). Batches take their numbers from decision_id_seq, so they order after
-- every decision stored before; a decision stored before this version is a batch of its own.
ALTER TABLE screening_decisions ADD COLUMN IF NOT EXISTS batch BIGINT;
ALTER TABLE screening_decisions ADD COLUMN IF NOT EXISTS tool VARCHAR;    -- asreview, rayyan, covidence, table
ALTER TABLE screening_decisions ADD COLUMN IF NOT EXISTS labels VARCHAR;  -- the tool's labels or tags
ALTER TABLE screening_decisions ADD COLUMN IF NOT EXISTS note VARCHAR;    -- reviewers' notes
ALTER TABLE screening_decisions ADD COLUMN IF NOT EXISTS matched_by VARCHAR;  -- how the row found its study
UPDATE screening_decisions SET batch = decision_id WHERE batch IS NULL;
