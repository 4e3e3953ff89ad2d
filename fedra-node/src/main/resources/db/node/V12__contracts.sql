-- Study contracts: what this node decided for each study the hub proposed, and on what grounds. No analysis
-- task runs without an accepted row here.
CREATE TABLE contracts (
    study_id        VARCHAR(64)   PRIMARY KEY,
    title           VARCHAR(500)  NOT NULL,
    purpose_system  VARCHAR(255)  NOT NULL,
    purpose_code    VARCHAR(64)   NOT NULL,
    organisation    VARCHAR(64)   NOT NULL,
    analyses        VARCHAR(500)  NOT NULL,   -- comma-separated analysis names
    status          VARCHAR(32)   NOT NULL,   -- accepted | declined | awaiting-approval
    reason          VARCHAR(2000) NOT NULL,
    proposed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE,
    decided_by      VARCHAR(64)               -- policy | steward
);
