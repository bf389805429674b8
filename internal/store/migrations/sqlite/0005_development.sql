-- Member development (发展党员): each recorded step of a person's
-- development file, and the documents uploaded for the steps (sealed with
-- the data key, as meeting attachments are).

CREATE TABLE dev_steps (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    step          INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),
    done_on       TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('done', 'failed', 'confirm', 'extend', 'revoke')),
    meeting_id    INTEGER REFERENCES meetings (id),
    resolution    INTEGER NOT NULL DEFAULT 0,
    entitled      INTEGER NOT NULL DEFAULT 0,
    present       INTEGER NOT NULL DEFAULT 0,
    votes_for     INTEGER NOT NULL DEFAULT 0,
    votes_against INTEGER NOT NULL DEFAULT 0,
    abstain       INTEGER NOT NULL DEFAULT 0,
    people        TEXT NOT NULL DEFAULT '',
    days          INTEGER NOT NULL DEFAULT 0,
    hours         INTEGER NOT NULL DEFAULT 0,
    months        INTEGER NOT NULL DEFAULT 0,
    special       BOOLEAN NOT NULL DEFAULT FALSE,
    note          TEXT NOT NULL DEFAULT '',
    -- the person's status and stage dates before the step changed them
    -- (status|applied|activist|candidate|admitted|confirmed), '' if it did
    -- not: voiding the step puts them back
    prev_person   TEXT NOT NULL DEFAULT '',
    entered_at    TIMESTAMP NOT NULL,
    entered_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dev_steps_person ON dev_steps (person_id, done_on);
CREATE INDEX dev_steps_org ON dev_steps (org_id, done_on);

CREATE TABLE dev_materials (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    step          INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),
    name          TEXT NOT NULL,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    data          BLOB NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX dev_materials_person ON dev_materials (person_id, step);
