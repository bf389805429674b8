-- rectification_remedies are a branch's remedies in a year's
-- rectification campaign (seed §8): one per problem found under the five
-- basic-work problems, with its owner, deadline, evidence and the
-- secretary's sign-off.
CREATE TABLE rectification_remedies (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    year        INTEGER NOT NULL,
    problem     INTEGER NOT NULL CHECK (problem BETWEEN 1 AND 5),
    issue       TEXT NOT NULL,
    measure     TEXT NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES people (id),
    deadline    TEXT NOT NULL,
    evidence    TEXT NOT NULL DEFAULT '',
    done_on     TEXT,
    signed_on   TEXT,
    signed_by   TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX rectification_remedies_org ON rectification_remedies (org_id, year, problem);
