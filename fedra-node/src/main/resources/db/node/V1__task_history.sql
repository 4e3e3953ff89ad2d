-- Tasks this node received from the hub and what became of them (no payloads: they may be large).
CREATE TABLE node_tasks (
    id           VARCHAR(64)  PRIMARY KEY,
    job_id       VARCHAR(64)  NOT NULL,
    type         VARCHAR(100) NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    status       VARCHAR(16)  NOT NULL,   -- running | succeeded | failed
    payload_size BIGINT NOT NULL,
    result_size  BIGINT,
    error        VARCHAR(2000)
);
