-- Membership transfers (组织关系转接), people who left zhibu's roster through
-- one, the general assembly that elected a term, and term extensions.

-- left_on: the person's membership moved outside zhibu on that day. They
-- stay in the database (their history is kept) but leave the roster and
-- the counts.
ALTER TABLE people ADD COLUMN left_on TEXT;

-- assembly_id: the held general assembly of the org that held the election.
ALTER TABLE terms ADD COLUMN assembly_id INTEGER REFERENCES meetings (id);
-- The superior's approval of a newly elected secretary and deputy
-- (org.secretary.approval): reported by the branch, approved by the superior.
ALTER TABLE terms ADD COLUMN reported_on TEXT;
ALTER TABLE terms ADD COLUMN approved_on TEXT;
ALTER TABLE terms ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';

-- transfers are transfer letters (介绍信). An end outside zhibu has no org
-- and is named by text: from_name for a transfer in, to_name for a
-- transfer out.
CREATE TABLE transfers (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    from_org_id   INTEGER REFERENCES orgs (id),
    from_name     TEXT NOT NULL DEFAULT '',
    to_org_id     INTEGER REFERENCES orgs (id),
    to_name       TEXT NOT NULL DEFAULT '',
    letter_no     TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    valid_months  INTEGER NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('issued', 'received', 'completed', 'returned', 'cancelled')),
    received_on   TEXT,
    receipt_on    TEXT,
    closed_on     TEXT,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CHECK (from_org_id IS NOT NULL OR from_name <> ''),
    CHECK (to_org_id IS NOT NULL OR to_name <> '')
);
CREATE INDEX transfers_from ON transfers (from_org_id, issued_on);
CREATE INDEX transfers_to ON transfers (to_org_id, issued_on);
CREATE INDEX transfers_person ON transfers (person_id);

-- term_extensions are requests to postpone or advance an election, and
-- the superior's decision; an approved one moves the end of the term.
CREATE TABLE term_extensions (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    term_id       INTEGER NOT NULL REFERENCES terms (id),
    months        INTEGER NOT NULL,
    new_end       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    requested_on  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
    decided_on    TEXT,
    decided_by    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX term_extensions_term ON term_extensions (term_id, status);
