-- Accounts, sessions, API tokens, security settings and the audit trail.

-- accounts are logins. An account belongs to a person (person_id) whose
-- positions give it its rights, or is an administrator's only.
CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    login                TEXT NOT NULL UNIQUE,
    person_id            INTEGER UNIQUE REFERENCES people (id),
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL DEFAULT '',
    password_changed_at  TIMESTAMP,
    totp_secret          TEXT NOT NULL DEFAULT '',
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP,
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    demo                 BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

-- account_roles are roles given to an account, not derived from positions:
-- the three administrators, and the political department for an org.
CREATE TABLE account_roles (
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    org_id      INTEGER REFERENCES orgs (id),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, role)
);

-- sessions are kept by the hash of their id; the id is only in the cookie.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at    TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);

-- api_tokens are bearer tokens for scripts, kept by their hash.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP,
    revoked_at    TIMESTAMP
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- settings hold the security policy the security administrator edits.
CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- audit_log is append-only: each record's mac chains it to the one before
-- (HMAC-SM3 under a key kept outside the database, see internal/audit), so
-- an edit, deletion, insertion or reordering shows at the first record it
-- touches. The id is given by the append (audit_head.last_id + 1), never
-- generated, and runs 1, 2, 3… without gaps. No code updates or deletes a
-- row: the trail is kept for good (at least the 180 days required).
-- account_id has no foreign key, so that no account change touches it.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TIMESTAMP NOT NULL,
    account_id   INTEGER,
    actor        TEXT NOT NULL,
    address      TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL DEFAULT '',
    object_id    TEXT NOT NULL DEFAULT '',
    org_path     TEXT NOT NULL DEFAULT '',
    result       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    mac          TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_org ON audit_log (org_path, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);

-- audit_head is the chain's last record, locked by each append so that
-- appends are serialized on every engine; verification compares it with
-- the last row, so that deleting the last records shows.
CREATE TABLE audit_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_id  INTEGER NOT NULL,
    last_mac TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_mac) VALUES (1, 0, '');
