-- assessments are a committee's yearly performance assessment of its
-- branches (绩效考评): the indicators with their weights, the superior's
-- manual scores, and, once finalized, the snapshot of every branch's
-- scores so later changes of the records do not rewrite the year.
CREATE TABLE assessments (
    id            INTEGER PRIMARY KEY,
    committee_id  INTEGER NOT NULL REFERENCES orgs (id),
    year          INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
    finalized_on  TEXT,
    finalized_by  TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (committee_id, year)
);
CREATE TABLE assessment_indicators (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    pos            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    weight         INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessment_indicators_of ON assessment_indicators (assessment_id, pos);
-- score is in hundredths of a point (0–10000).
CREATE TABLE assessment_manual_scores (
    indicator_id  INTEGER NOT NULL REFERENCES assessment_indicators (id),
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10000),
    note          TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (indicator_id, org_id)
);
-- The snapshot of a finalized assessment: each branch's total and rank,
-- and its result on each indicator.
CREATE TABLE assessment_totals (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    org_name       TEXT NOT NULL,
    total          INTEGER NOT NULL,
    scored         INTEGER NOT NULL,
    place          INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, org_id)
);
CREATE INDEX assessment_totals_org ON assessment_totals (org_id);
CREATE TABLE assessment_results (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    indicator_id   INTEGER NOT NULL REFERENCES assessment_indicators (id),
    applicable     INTEGER NOT NULL,
    score          INTEGER NOT NULL,
    basis          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, org_id, indicator_id)
);
