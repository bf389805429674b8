-- community_checkins are serving members' registrations with their
-- residential community (在职党员到社区报到): the community, the day the
-- member reported and the services they did there.
CREATE TABLE community_checkins (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    community   TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    services    TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX community_checkins_person ON community_checkins (person_id, reported_on);

-- archive_jobs are the year-end packages (年终档案包) of an org and a year:
-- built in the background, with their progress, then kept for download in
-- archive_chunks.
CREATE TABLE archive_jobs (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    year         INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    done_n       INTEGER NOT NULL DEFAULT 0,
    total_n      INTEGER NOT NULL DEFAULT 0,
    step         TEXT NOT NULL DEFAULT '',
    files        INTEGER NOT NULL DEFAULT 0,
    size         BIGINT NOT NULL DEFAULT 0,
    sha256       TEXT NOT NULL DEFAULT '',
    error        TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);
CREATE INDEX archive_jobs_org ON archive_jobs (org_id, year);

-- archive_chunks hold a finished package's bytes, in order.
CREATE TABLE archive_chunks (
    job_id  INTEGER NOT NULL REFERENCES archive_jobs (id),
    seq     INTEGER NOT NULL,
    data    BLOB NOT NULL,
    PRIMARY KEY (job_id, seq)
);
