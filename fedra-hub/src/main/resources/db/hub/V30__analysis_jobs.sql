-- Every analysis run is a job: what was asked, where it is, and how it ended; its result is kept with the study
-- (and, as before, as a study release). Tasks remember the analysis job that sent them, so cancelling a job reaches them.
CREATE TABLE analysis_jobs (
    id               VARCHAR(64)   PRIMARY KEY,
    study_id         VARCHAR(64)   NOT NULL REFERENCES studies (id),
    analysis         VARCHAR(40)   NOT NULL,
    state            VARCHAR(16)   NOT NULL,      -- queued | running | succeeded | failed | cancelled
    request          CLOB          NOT NULL,
    requested_by     VARCHAR(250)  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    progress_done    BIGINT        NOT NULL,
    progress_total   BIGINT        NOT NULL,
    progress_message VARCHAR(500),
    result           CLOB,
    release_sequence BIGINT,
    failure_reason   VARCHAR(32),
    failure_message  VARCHAR(2000),
    handle           CLOB
);
CREATE INDEX analysis_jobs_by_study ON analysis_jobs (study_id, created_at);

ALTER TABLE tasks ADD COLUMN analysis_job_id VARCHAR(64);
