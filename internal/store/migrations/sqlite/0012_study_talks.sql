-- Theory study (理论学习) and heart-to-heart talks (谈心谈话), seed §7.1–7.2.

-- study_plans are a branch's study plans of a year: the superior's, as
-- received, and its own; their topics by month in study_plan_items.
CREATE TABLE study_plans (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('superior', 'branch')),
    title       TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, year, kind)
);
CREATE TABLE study_plan_items (
    plan_id    INTEGER NOT NULL REFERENCES study_plans (id),
    seq        INTEGER NOT NULL,
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    topic      TEXT NOT NULL,
    materials  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, seq)
);

-- study_sessions are the study sessions of a branch or a group; the
-- people present in study_attendance, each credited the session's minutes.
CREATE TABLE study_sessions (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    held_on     TEXT NOT NULL,
    topic       TEXT NOT NULL,
    materials   TEXT NOT NULL DEFAULT '',
    minutes     INTEGER NOT NULL CHECK (minutes > 0),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX study_sessions_org ON study_sessions (org_id, held_on);
CREATE TABLE study_attendance (
    session_id  INTEGER NOT NULL REFERENCES study_sessions (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX study_attendance_person ON study_attendance (person_id);

-- study_notes are members' own notes, of a session or of self-study
-- (session_id NULL) with its minutes.
CREATE TABLE study_notes (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    session_id  INTEGER REFERENCES study_sessions (id),
    written_on  TEXT NOT NULL,
    title       TEXT NOT NULL,
    content     TEXT NOT NULL,
    minutes     INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX study_notes_person ON study_notes (person_id, written_on);
CREATE INDEX study_notes_session ON study_notes (session_id);

-- study_summaries are a branch's summaries of a year's study.
CREATE TABLE study_summaries (
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    year        INTEGER NOT NULL,
    written_on  TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- talks are the talk register: two people of a branch, the day, the
-- place, the content and the follow-up, and who recorded it.
CREATE TABLE talks (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    a_id         INTEGER NOT NULL REFERENCES people (id),
    b_id         INTEGER NOT NULL REFERENCES people (id),
    held_on      TEXT NOT NULL,
    place        TEXT NOT NULL,
    topics       TEXT NOT NULL,
    follow_up    TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL,
    CHECK (a_id <> b_id)
);
CREATE INDEX talks_org ON talks (org_id, held_on);
CREATE INDEX talks_a ON talks (a_id);
CREATE INDEX talks_b ON talks (b_id);
