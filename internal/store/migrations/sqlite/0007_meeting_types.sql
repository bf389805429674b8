-- meeting_types are the types of meeting a committee (for its subtree) or a
-- branch (for itself and its groups) adds to the built-in ones. A meeting
-- of an added type stores "x:" and the type's name in meetings.type.
CREATE TABLE meeting_types (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    name        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, name)
);
