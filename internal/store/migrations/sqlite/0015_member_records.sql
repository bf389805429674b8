-- member_files records where each member's file (党员档案) is kept and when
-- the branch last saw it in order (member.file).
CREATE TABLE member_files (
    person_id   INTEGER PRIMARY KEY REFERENCES people (id),
    kept_by     TEXT NOT NULL,
    number      TEXT NOT NULL DEFAULT '',
    checked_on  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- member_absences are the spans a member is out of contact
-- (member.lost_contact) or away without transferring their membership
-- (member.mobile); open while until_on is NULL.
CREATE TABLE member_absences (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people (id),
    kind            TEXT NOT NULL CHECK (kind IN ('lost_contact', 'away')),
    from_on         TEXT NOT NULL,
    until_on        TEXT,
    place           TEXT NOT NULL DEFAULT '',
    last_contact_on TEXT,
    note            TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX member_absences_person ON member_absences (person_id, from_on);
