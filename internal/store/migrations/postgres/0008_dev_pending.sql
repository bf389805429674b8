-- dev_pending is what each development file waits for from the superior
-- committee (zhibu.DevFile.AwaitingSuperior): one row a step, with the day
-- its prerequisites were done. The store rewrites a person's rows in the
-- transaction of every write to their file (a step recorded or voided, a
-- bulk write), so the superior's queue reads these few rows instead of
-- every step of the subtree. Filled for the files already recorded when
-- this migration is applied (store.Migrate).
CREATE TABLE dev_pending (
    person_id  BIGINT NOT NULL REFERENCES people (id),
    step       INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),
    since      DATE NOT NULL,
    PRIMARY KEY (person_id, step)
);
