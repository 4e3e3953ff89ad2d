-- The patient access log at scale: one row per task, its patients as a compressed bitmap (RoaringBitmap, portable
-- serialisation) of their access numbers. The per-patient rows of patient_access_log written before stay readable.
CREATE TABLE patient_number (
    patient_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    number      INTEGER     NOT NULL UNIQUE
);
-- numbers are never reused: an erased patient's number stays free
CREATE TABLE patient_number_next (
    id           INTEGER PRIMARY KEY,
    next_number  INTEGER NOT NULL
);
INSERT INTO patient_number_next (id, next_number) VALUES (1, 0);
CREATE TABLE task_access (
    task_id       VARCHAR(128) NOT NULL PRIMARY KEY,
    study_id      VARCHAR(128) NOT NULL,
    purpose       VARCHAR(255) NOT NULL,
    organisation  VARCHAR(255) NOT NULL,
    accessed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    patients      BYTEA        NOT NULL
);
