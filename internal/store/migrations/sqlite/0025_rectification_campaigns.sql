-- rectification_campaigns are the campaigns a committee opens for a year
-- over its branches (docs/rectification.md): its title and its own days.
CREATE TABLE rectification_campaigns (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    year          INTEGER NOT NULL,
    title         TEXT NOT NULL,
    start_on      TEXT NOT NULL,
    checks_due    TEXT NOT NULL,
    remedies_due  TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, year)
);
