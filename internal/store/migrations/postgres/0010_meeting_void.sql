-- A held meeting recorded in error is voided (作废) with a reason rather
-- than deleted: it stays in the register and the audit trail and counts
-- for nothing.
ALTER TABLE meetings ADD COLUMN voided_at TIMESTAMPTZ;
ALTER TABLE meetings ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
