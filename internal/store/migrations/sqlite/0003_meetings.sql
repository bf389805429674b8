-- Organizational life: meetings, who attended, resolutions and votes,
-- filings with the superior, attachments; and rule versions edited by the
-- layers that own them.

CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    type          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
    starts_at     TIMESTAMP NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    chair_id      INTEGER REFERENCES people (id),
    recorder_id   INTEGER REFERENCES people (id),
    lecturer_id   INTEGER REFERENCES people (id),
    topics        TEXT NOT NULL DEFAULT '',
    minutes       TEXT NOT NULL DEFAULT '',
    cancel_reason TEXT NOT NULL DEFAULT '',
    entered_at    TIMESTAMP NOT NULL,
    expected      INTEGER NOT NULL DEFAULT 0,
    present       INTEGER NOT NULL DEFAULT 0,
    excused       INTEGER NOT NULL DEFAULT 0,
    absent        INTEGER NOT NULL DEFAULT 0,
    filing        TEXT NOT NULL DEFAULT 'none',
    filed_at      TIMESTAMP,
    ack_at        TIMESTAMP,
    filing_note   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX meetings_org ON meetings (org_id, starts_at);
CREATE INDEX meetings_starts ON meetings (starts_at);

CREATE TABLE attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    status      TEXT NOT NULL CHECK (status IN ('present', 'excused', 'absent')),
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE resolutions (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    votes_for     INTEGER NOT NULL DEFAULT 0,
    votes_against INTEGER NOT NULL DEFAULT 0,
    abstain       INTEGER NOT NULL DEFAULT 0,
    entitled      INTEGER NOT NULL DEFAULT 0,
    present       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX resolutions_meeting ON resolutions (meeting_id, position);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    data          BLOB NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX attachments_meeting ON attachments (meeting_id);

-- rule_versions are the rule parameters a superior committee (for its
-- subtree) or a branch (for itself) sets on top of the national layer.
CREATE TABLE rule_versions (
    id              INTEGER PRIMARY KEY,
    rule_id         TEXT NOT NULL,
    layer           TEXT NOT NULL CHECK (layer IN ('superior', 'branch')),
    org_id          INTEGER NOT NULL REFERENCES orgs (id),
    effective_from  TEXT NOT NULL,
    effective_to    TEXT,
    params          TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX rule_versions_org ON rule_versions (org_id, rule_id);

-- feed_tokens are the revocable tokens of iCalendar subscriptions, kept by
-- their hash: an account's own duties (org_id NULL) or one org's calendar.
CREATE TABLE feed_tokens (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    org_id        INTEGER REFERENCES orgs (id),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMP NOT NULL,
    revoked_at    TIMESTAMP
);
CREATE INDEX feed_tokens_account ON feed_tokens (account_id);
