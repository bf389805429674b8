-- Themed activities and publicity (seed §4) and stance meetings (seed §7.3),
-- docs/activities.md.

-- campaigns are special education campaigns (专项教育) over a period, with
-- their planned items; an item is done by the activity recorded for it.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    title       TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX campaigns_org ON campaigns (org_id, starts_on);

CREATE TABLE campaign_items (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    due_on       TEXT NOT NULL
);
CREATE INDEX campaign_items_campaign ON campaign_items (campaign_id, position);

-- activities are themed activities (专题组织活动) with their attendance and
-- photos. meeting_id: the themed party day (a meeting) the activity was
-- held as; meet.themeday.monthly counts the meeting, never the activity.
CREATE TABLE activities (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    kind          TEXT NOT NULL CHECK (kind IN ('themed', 'campaign', 'unified', 'liaison')),
    title         TEXT NOT NULL,
    held_on       TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    organizer_id  INTEGER NOT NULL REFERENCES people (id),
    liaison_id    INTEGER REFERENCES people (id),
    occasion      TEXT NOT NULL DEFAULT '' CHECK (occasion IN ('', 'july1', 'october1')),
    campaign_id   INTEGER REFERENCES campaigns (id),
    item_id       INTEGER REFERENCES campaign_items (id),
    meeting_id    INTEGER REFERENCES meetings (id),
    summary       TEXT NOT NULL DEFAULT '',
    expected      INTEGER NOT NULL DEFAULT 0,
    present       INTEGER NOT NULL DEFAULT 0,
    excused       INTEGER NOT NULL DEFAULT 0,
    absent        INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX activities_org ON activities (org_id, held_on);
CREATE INDEX activities_item ON activities (item_id);

CREATE TABLE activity_attendance (
    activity_id  INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    status       TEXT NOT NULL CHECK (status IN ('present', 'excused', 'absent')),
    reason       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, person_id)
);

-- activity_photos are pictures of an activity, checked by their content
-- and sealed with the data key, as meeting attachments are.
CREATE TABLE activity_photos (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    data          BLOB NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX activity_photos_activity ON activity_photos (activity_id);

-- bulletins are party-building news bulletins (党建信息简报): draft →
-- reviewed (propaganda officer) → approved (secretary) → published as
-- issue N of its year, unique per branch.
CREATE TABLE bulletins (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    activity_id   INTEGER REFERENCES activities (id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'approved', 'published')),
    channels      TEXT NOT NULL DEFAULT '',
    year          INTEGER,
    issue         INTEGER,
    published_on  TEXT,
    drafted_by    TEXT NOT NULL DEFAULT '',
    reviewed_by   TEXT NOT NULL DEFAULT '',
    approved_by   TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, year, issue)
);
CREATE INDEX bulletins_org ON bulletins (org_id, status);

-- stance_records add to a stance meeting (发声亮剑) its invited observers;
-- stance_viewpoints each participant's main viewpoints and examples.
CREATE TABLE stance_records (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    observers   TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE stance_viewpoints (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    position    INTEGER NOT NULL,
    points      TEXT NOT NULL,
    examples    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, person_id)
);
