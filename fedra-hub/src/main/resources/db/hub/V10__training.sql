-- Federated training jobs, their completed rounds, and the model registry. A round row and the job's new server
-- state are written in one transaction, guarded by the round number, so a resumed job never counts a round twice.
CREATE TABLE training_jobs (
    id                  VARCHAR(64)   PRIMARY KEY,
    study_id            VARCHAR(64)   NOT NULL REFERENCES studies (id),
    name                VARCHAR(200)  NOT NULL,
    spec                CLOB          NOT NULL,   -- TrainingSpec JSON
    config              CLOB          NOT NULL,   -- JobConfig JSON
    nodes               CLOB          NOT NULL,   -- JSON array of the job's node ids
    excluded            CLOB          NOT NULL,   -- JSON object: study nodes left out, with the reason
    status              VARCHAR(16)   NOT NULL,   -- running | finished | failed
    rounds_done         INT           NOT NULL,
    server_state        CLOB          NOT NULL,   -- ServerState.toVector() JSON
    standardisation     CLOB,                     -- {"means":[...],"scales":[...]} once computed
    stop_reason         VARCHAR(2000),
    model_id            VARCHAR(64),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE training_rounds (
    job_id        VARCHAR(64)  NOT NULL REFERENCES training_jobs (id),
    round         INT          NOT NULL,          -- 1-based: the state after this many rounds
    contributors  CLOB         NOT NULL,          -- JSON array
    dropped       CLOB         NOT NULL,          -- JSON object node -> reason
    evaluated_n   BIGINT,                         -- held-out examples, rounded; null when suppressed
    loss          DOUBLE PRECISION,
    accuracy      DOUBLE PRECISION,
    auc           DOUBLE PRECISION,
    epsilon       DOUBLE PRECISION,
    delta         DOUBLE PRECISION,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, round)
);

CREATE TABLE models (
    id                  VARCHAR(64)  PRIMARY KEY,
    name                VARCHAR(200) NOT NULL,
    version             INT          NOT NULL,
    job_id              VARCHAR(64)  NOT NULL UNIQUE REFERENCES training_jobs (id),
    study_id            VARCHAR(64)  NOT NULL REFERENCES studies (id),
    spec                CLOB         NOT NULL,
    config              CLOB         NOT NULL,
    parameters          CLOB         NOT NULL,    -- JSON array
    standardisation     CLOB         NOT NULL,
    round_metrics       CLOB         NOT NULL,    -- JSON array, one object per round
    nodes               CLOB         NOT NULL,    -- JSON array of the nodes that contributed to any round
    consent_snapshot_at TIMESTAMP WITH TIME ZONE NOT NULL,
    epsilon             DOUBLE PRECISION,
    delta               DOUBLE PRECISION,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (name, version)
);
