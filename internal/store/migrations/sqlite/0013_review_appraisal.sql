-- The secretary's report and review (述职评议) and the democratic appraisal
-- of members (民主评议党员). Ballots are anonymous yet countable: who voted
-- (review_voters, appraisal_voters: the person and the DAY only) and what
-- was voted (review_tally, appraisal_tally: counters, no person, no time)
-- are kept apart and written in the same transaction. A counter row is
-- updated whole on every ballot (every grade's column, every appraisee's
-- row), so no row, row order, row version or timestamp tells which grade
-- a ballot added. See docs/review.md.

-- review_rounds are a committee's review of its branches' secretaries for
-- a year, with the window in which they report and vote.
CREATE TABLE review_rounds (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    year        INTEGER NOT NULL,
    opens_on    TEXT NOT NULL,
    closes_on   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, year)
);

-- review_reports are each branch's part of a round: the secretary's report
-- in four sections, the meeting it was presented at, the vote's state.
CREATE TABLE review_reports (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES review_rounds (id),
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    status        TEXT NOT NULL CHECK (status IN ('open', 'filed', 'voting', 'reported')),
    secretary_id  INTEGER REFERENCES people (id),
    work_done     TEXT NOT NULL DEFAULT '',
    results       TEXT NOT NULL DEFAULT '',
    problems      TEXT NOT NULL DEFAULT '',
    plan          TEXT NOT NULL DEFAULT '',
    filed_on      TEXT,
    presented_on  TEXT,
    meeting_id    INTEGER REFERENCES meetings (id),
    reported_on   TEXT,
    UNIQUE (round_id, org_id)
);
CREATE INDEX review_reports_org ON review_reports (org_id);

-- review_voters is the roll of a branch's vote, fixed when it opens, and
-- the day (never the time) each member voted.
CREATE TABLE review_voters (
    report_id  INTEGER NOT NULL REFERENCES review_reports (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    voted_on   TEXT,
    PRIMARY KEY (report_id, person_id)
);

-- review_tally is one row per report: the count of each grade.
CREATE TABLE review_tally (
    report_id  INTEGER PRIMARY KEY REFERENCES review_reports (id),
    good       INTEGER NOT NULL DEFAULT 0,
    fair       INTEGER NOT NULL DEFAULT 0,
    average    INTEGER NOT NULL DEFAULT 0,
    poor       INTEGER NOT NULL DEFAULT 0
);

-- appraisal_rounds are a branch's annual democratic appraisal of members:
-- self-appraisals, the anonymous peer vote, the branch's grades decided at
-- its appraisal meeting (which meet.appraisal.annual counts).
CREATE TABLE appraisal_rounds (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs (id),
    year             INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'voting', 'decided')),
    excellent_one_in INTEGER NOT NULL,
    opened_on        TEXT NOT NULL,
    meeting_id       INTEGER REFERENCES meetings (id),
    decided_on       TEXT,
    UNIQUE (org_id, year)
);

-- appraisal_entries are the members appraised: their self-appraisal and
-- the grade the branch decided.
CREATE TABLE appraisal_entries (
    round_id    INTEGER NOT NULL REFERENCES appraisal_rounds (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    self_text   TEXT NOT NULL DEFAULT '',
    self_on     TEXT,
    grade       TEXT CHECK (grade IN ('excellent', 'qualified', 'basic', 'unqualified')),
    PRIMARY KEY (round_id, person_id)
);

-- appraisal_voters: who has cast their peer ballot, and on which day.
CREATE TABLE appraisal_voters (
    round_id   INTEGER NOT NULL REFERENCES appraisal_rounds (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    voted_on   TEXT,
    PRIMARY KEY (round_id, person_id)
);

-- appraisal_tally: per member appraised, the count of each grade the peer
-- ballots gave them. A ballot grades every other member, so it updates
-- every row of the round.
CREATE TABLE appraisal_tally (
    round_id     INTEGER NOT NULL REFERENCES appraisal_rounds (id),
    person_id    INTEGER NOT NULL REFERENCES people (id),
    excellent    INTEGER NOT NULL DEFAULT 0,
    qualified    INTEGER NOT NULL DEFAULT 0,
    basic        INTEGER NOT NULL DEFAULT 0,
    unqualified  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, person_id)
);

-- appraisal_handlings follow a member graded 不合格 to the end: a talk, a
-- deadline to improve, or the removal procedure, and its outcome.
CREATE TABLE appraisal_handlings (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES appraisal_rounds (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    measure     TEXT NOT NULL CHECK (measure IN ('talk', 'improve', 'removal')),
    due_on      TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT '',
    closed_on   TEXT,
    UNIQUE (round_id, person_id)
);
