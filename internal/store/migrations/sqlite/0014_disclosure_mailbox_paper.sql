-- The branch's voice (issue 14 part B): disclosure (党务公开), the
-- secretary's and deputy's mailbox (书记、副书记信箱) and the research paper
-- (党建调研论文). See docs/disclosure.md and docs/mailbox.md.

-- disclosures are the items a branch discloses, through the procedure
-- propose → secrecy review → approval → publish (→ withdraw).
CREATE TABLE disclosures (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    category       TEXT NOT NULL,
    period_kind    TEXT NOT NULL,
    period_year    INTEGER NOT NULL,
    period_n       INTEGER NOT NULL,
    title          TEXT NOT NULL,
    content        TEXT NOT NULL,
    audience       TEXT NOT NULL CHECK (audience IN ('branch', 'bureau', 'public')),
    form           TEXT NOT NULL,
    planned_on     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('proposed', 'reviewed', 'refused', 'approved', 'published', 'withdrawn')),
    proposed_by    TEXT NOT NULL DEFAULT '',
    proposed_on    TEXT NOT NULL,
    reviewed_by    TEXT NOT NULL DEFAULT '',
    reviewed_on    TEXT,
    review_note    TEXT NOT NULL DEFAULT '',
    approved_by    TEXT NOT NULL DEFAULT '',
    approved_on    TEXT,
    published_on   TEXT,
    withdrawn_on   TEXT,
    reason         TEXT NOT NULL DEFAULT '',
    -- the committee above the branch, whose subtree a 'bureau' item reaches
    bureau_org_id  INTEGER REFERENCES orgs (id),
    -- publishing needs the review and the approval (disclose.procedure)
    CHECK (published_on IS NULL OR (reviewed_on IS NOT NULL AND approved_on IS NOT NULL))
);
CREATE INDEX disclosures_org ON disclosures (org_id, period_year);

-- letters are the mailbox's letters. An anonymous letter has no
-- writer_id, and no column here holds a time finer than the day, an
-- account, a session or an address. receipt_hash is the keyed hash of
-- the receipt code shown once to the writer.
CREATE TABLE letters (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    recipient     TEXT NOT NULL CHECK (recipient IN ('secretary', 'deputy_secretary')),
    anonymous     INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    writer_id     INTEGER REFERENCES people (id),
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    written_on    TEXT NOT NULL,
    receipt_hash  TEXT NOT NULL UNIQUE,
    handler_id    INTEGER REFERENCES people (id),
    reply         TEXT NOT NULL DEFAULT '',
    replied_on    TEXT,
    closed_on     TEXT,
    CHECK ((anonymous = 1 AND writer_id IS NULL) OR (anonymous = 0 AND writer_id IS NOT NULL))
);
CREATE INDEX letters_org ON letters (org_id, written_on);

-- papers are the research papers, one per branch and year.
CREATE TABLE papers (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    year          INTEGER NOT NULL,
    topic         TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    submitted_on  TEXT,
    final_draft   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_id, year)
);

-- paper_suggestions are the members' suggestions; an anonymous one has
-- no writer_id and only its day, as a letter.
CREATE TABLE paper_suggestions (
    id          INTEGER PRIMARY KEY,
    paper_id    INTEGER NOT NULL REFERENCES papers (id),
    anonymous   INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    writer_id   INTEGER REFERENCES people (id),
    body        TEXT NOT NULL,
    written_on  TEXT NOT NULL,
    CHECK ((anonymous = 1 AND writer_id IS NULL) OR (anonymous = 0 AND writer_id IS NOT NULL))
);
CREATE INDEX paper_suggestions_paper ON paper_suggestions (paper_id);

-- paper_drafts are the versions of the paper's text.
CREATE TABLE paper_drafts (
    id          INTEGER PRIMARY KEY,
    paper_id    INTEGER NOT NULL REFERENCES papers (id),
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    saved_on    TEXT NOT NULL,
    saved_at    TIMESTAMP NOT NULL,
    UNIQUE (paper_id, version)
);
