-- plans are an org's work plans by year (党建工作要点 / 工作计划): a
-- committee's published plan is the 工作要点 its branches build from
-- (source_id); sections and items follow, an item's owner is a position
-- and its progress comes from the engine's rules (rules, comma-separated)
-- or from the records linked to it (plan_links).
CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    year        INTEGER NOT NULL,
    title       TEXT NOT NULL,
    intro       TEXT NOT NULL DEFAULT '',
    published   BOOLEAN NOT NULL DEFAULT FALSE,
    source_id   INTEGER REFERENCES plans (id),
    admissions  INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, year)
);
CREATE TABLE plan_sections (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    n        INTEGER NOT NULL,
    title    TEXT NOT NULL,
    PRIMARY KEY (plan_id, n)
);
CREATE TABLE plan_items (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans (id),
    section   INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    text      TEXT NOT NULL,
    owner     TEXT NOT NULL,
    all_members BOOLEAN NOT NULL DEFAULT FALSE,
    rules     TEXT NOT NULL DEFAULT '',
    due_on    TEXT,
    from_on   TEXT,
    record    TEXT NOT NULL DEFAULT '',
    done_on   TEXT,
    evidence  TEXT NOT NULL DEFAULT '',
    ref_id    INTEGER REFERENCES plan_items (id)
);
CREATE INDEX plan_items_plan ON plan_items (plan_id, section, n);
CREATE TABLE plan_links (
    item_id    INTEGER NOT NULL REFERENCES plan_items (id),
    kind       TEXT NOT NULL,
    record_id  INTEGER NOT NULL,
    on_day     TEXT NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (item_id, kind, record_id)
);
