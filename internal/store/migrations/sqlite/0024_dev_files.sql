-- dev_files is a summary of each development file, one row a person with
-- records: how many, the latest record's step and day (by date, then
-- entry), and whether the file is closed (step 25 archived, or revoked at
-- step 23; zhibu.DevFile.Done, Revoked). The store rewrites a person's row
-- in the transaction of every write to their file (a step recorded or
-- voided, a bulk write), like dev_pending, so the lists of every file of a
-- subtree (the API's development list, the committee's overview) read
-- these rows instead of every step record. Filled for the files already
-- recorded when this migration is applied (store.Migrate).
CREATE TABLE dev_files (
    person_id  INTEGER PRIMARY KEY REFERENCES people (id),
    records    INTEGER NOT NULL CHECK (records > 0),
    last_step  INTEGER NOT NULL CHECK (last_step BETWEEN 1 AND 25),
    last_on    TEXT NOT NULL,
    closed     BOOLEAN NOT NULL DEFAULT FALSE
);
