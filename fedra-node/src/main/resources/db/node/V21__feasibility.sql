-- Feasibility: the patient consent inbox and the per-study query audit.
-- Portable SQL (H2 and PostgreSQL).

-- A request to a patient to consent to a study's purpose and organisation (one per patient and study).
CREATE TABLE consent_requests (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    patient_id    VARCHAR(64)  NOT NULL,
    study_id      VARCHAR(128) NOT NULL,
    purpose       VARCHAR(255) NOT NULL,
    organisation  VARCHAR(255) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_consent_request UNIQUE (patient_id, study_id)
);
CREATE INDEX ix_consent_requests_patient ON consent_requests (patient_id);

-- Every count a study released from this node, with the patients it was over. Never leaves the node: the
-- query auditor replays these sets to refuse releases that would isolate a patient by differencing.
CREATE TABLE study_release (
    release_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    study_id      VARCHAR(128) NOT NULL,
    seq           BIGINT       NOT NULL,
    label         VARCHAR(255) NOT NULL,
    released_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_study_release_study ON study_release (study_id, seq);
CREATE TABLE study_release_member (
    release_id    VARCHAR(64)  NOT NULL,
    patient_id    VARCHAR(64)  NOT NULL,
    PRIMARY KEY (release_id, patient_id)
);
