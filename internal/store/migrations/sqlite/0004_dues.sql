-- Dues (党费): each member's history of monthly bases, the payments with
-- the months each covers, and recorded reasons for months not paid. Money
-- is integer fen; months are 2026-03 text.

CREATE TABLE dues_bases (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    category     TEXT NOT NULL CHECK (category IN ('salaried', 'annual_salary', 'no_salary', 'retired', 'flat', 'waived')),
    base_fen     INTEGER NOT NULL CHECK (base_fen >= 0),
    from_month   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    approved_on  TEXT,
    approved_by  TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX dues_bases_person ON dues_bases (person_id, from_month);

CREATE TABLE dues_payments (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    due_fen      INTEGER NOT NULL,
    method       TEXT NOT NULL,
    paid_on      TEXT NOT NULL,
    paid_by_org  INTEGER NOT NULL DEFAULT 0,
    recorded_by  TEXT NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dues_payments_person ON dues_payments (person_id, paid_on);
CREATE INDEX dues_payments_org ON dues_payments (org_id, paid_on);

-- dues_months is each month a payment covers; UNIQUE (person_id, month)
-- makes two people recording the same member-month at once yield one
-- payment. paid_on repeats the payment's day so that a ledger as of a day
-- reads the covering index alone.
CREATE TABLE dues_months (
    payment_id   INTEGER NOT NULL REFERENCES dues_payments (id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    month        TEXT NOT NULL,
    paid_on      TEXT NOT NULL,
    due_fen      INTEGER NOT NULL,
    UNIQUE (person_id, month)
);
CREATE INDEX dues_months_org ON dues_months (org_id, month);
CREATE INDEX dues_months_payment ON dues_months (payment_id);
CREATE INDEX dues_months_ledger ON dues_months (person_id, month, paid_on, payment_id, due_fen);

CREATE TABLE dues_reasons (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    from_month   TEXT NOT NULL,
    to_month     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX dues_reasons_person ON dues_reasons (person_id, from_month);
