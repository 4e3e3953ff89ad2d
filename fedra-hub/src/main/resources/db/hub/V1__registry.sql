-- The hub's registry of enrolled nodes, their enrolment tokens and the tasks sent to them.
CREATE TABLE nodes (
    id                VARCHAR(64)  PRIMARY KEY,
    organisation      VARCHAR(200) NOT NULL,
    cert_fingerprint  VARCHAR(64)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,   -- online | offline | revoked
    software_version  VARCHAR(64),
    enrolled_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen         TIMESTAMP WITH TIME ZONE,
    revoked_at        TIMESTAMP WITH TIME ZONE,
    revocation_reason VARCHAR(500)
);

CREATE TABLE enrolment_tokens (
    id            VARCHAR(64)  PRIMARY KEY,
    organisation  VARCHAR(200) NOT NULL,
    secret_sha256 VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE,
    node_id       VARCHAR(64)
);

CREATE TABLE tasks (
    id           VARCHAR(64) NOT NULL,
    node_id      VARCHAR(64) NOT NULL,
    job_id       VARCHAR(64) NOT NULL,
    type         VARCHAR(100) NOT NULL,
    status       VARCHAR(16) NOT NULL,   -- pending | sent | succeeded | failed
    payload_size BIGINT NOT NULL,
    submitted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline     TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    result_size  BIGINT,
    error        VARCHAR(2000),
    PRIMARY KEY (id)
);
CREATE INDEX tasks_by_job ON tasks (job_id);
