-- The organization tree, people, their history, committees and groups.
CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'group')),
    parent_id   INTEGER REFERENCES orgs (id),
    path        TEXT NOT NULL,
    depth       INTEGER NOT NULL,
    founded_on  TEXT,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX orgs_path ON orgs (path);
CREATE INDEX orgs_parent ON orgs (parent_id, kind, name);

CREATE TABLE org_units (
    org_id    INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (org_id, name)
);

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    gender        TEXT NOT NULL,
    ethnicity     TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    -- The ID number and phone are never stored in the clear: *_enc is
    -- SM4-GCM under the data key (kept outside the database), *_hash a keyed
    -- HMAC-SM3 for exact match and uniqueness, *_mask what a page shows
    -- without the right to see more (110101********1234, 138****5678).
    id_number_enc   TEXT NOT NULL,
    id_number_hash  TEXT NOT NULL UNIQUE,
    id_number_mask  TEXT NOT NULL,
    phone_enc       TEXT NOT NULL DEFAULT '',
    phone_mask      TEXT NOT NULL DEFAULT '',
    unit          TEXT NOT NULL DEFAULT '',
    officer       BOOLEAN NOT NULL DEFAULT FALSE,
    education     TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    applied_on    TEXT,
    activist_on   TEXT,
    candidate_on  TEXT,
    admitted_on   TEXT,
    confirmed_on  TEXT,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    group_id      INTEGER REFERENCES orgs (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX people_org ON people (org_id, name);
CREATE INDEX people_group ON people (group_id);

-- memberships is where a person belonged, and when: one open row (end_on
-- NULL) per person, closed when they move org or group.
CREATE TABLE memberships (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    group_id    INTEGER REFERENCES orgs (id),
    start_on    TEXT NOT NULL,
    end_on      TEXT,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX memberships_person ON memberships (person_id, start_on);
CREATE INDEX memberships_org ON memberships (org_id, start_on);

-- person_changes records edits of a person, field by field, for the history.
CREATE TABLE person_changes (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    changed_at  TIMESTAMP NOT NULL,
    actor       TEXT NOT NULL,
    summary     TEXT NOT NULL
);
CREATE INDEX person_changes_person ON person_changes (person_id, changed_at);

CREATE TABLE terms (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    elected_on  TEXT NOT NULL,
    years       INTEGER NOT NULL,
    closed_on   TEXT,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX terms_org ON terms (org_id, elected_on);

-- seats are positions held: committee positions within a term, and group
-- leaders (term_id NULL). A person with two positions has two seats.
CREATE TABLE seats (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    term_id     INTEGER REFERENCES terms (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    position    TEXT NOT NULL,
    start_on    TEXT NOT NULL,
    end_on      TEXT,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX seats_org ON seats (org_id, end_on);
CREATE INDEX seats_person ON seats (person_id);

CREATE TABLE supervisions (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    supervisor_id  INTEGER NOT NULL REFERENCES people (id),
    officer_id     INTEGER NOT NULL REFERENCES people (id),
    start_on       TEXT NOT NULL,
    end_on         TEXT,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX supervisions_org ON supervisions (org_id, supervisor_id);

-- uploads hold a roster file between its preview and its confirmation,
-- sealed with SM4-GCM like the people's ID numbers it contains.
CREATE TABLE uploads (
    token       TEXT PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    filename    TEXT NOT NULL,
    data        BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
