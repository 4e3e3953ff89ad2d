-- Studies, the contract each asked node decided, and every figure set released to the researcher (recorded
-- before it is returned: the per-study release record that query auditing and accountability rely on).
CREATE TABLE studies (
    id             VARCHAR(64)  PRIMARY KEY,
    title          VARCHAR(500) NOT NULL,
    purpose_system VARCHAR(255) NOT NULL,
    purpose_code   VARCHAR(64)  NOT NULL,
    organisation   VARCHAR(64)  NOT NULL,
    analyses       VARCHAR(500) NOT NULL,   -- comma-separated
    allow_partial  BOOLEAN      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE study_contracts (
    study_id   VARCHAR(64)   NOT NULL REFERENCES studies (id),
    node_id    VARCHAR(64)   NOT NULL,
    position   INT           NOT NULL,
    status     VARCHAR(32)   NOT NULL,      -- proposed | accepted | declined | awaiting-approval | unreachable
    reason     VARCHAR(2000) NOT NULL,
    decided_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (study_id, node_id)
);

CREATE TABLE study_releases (
    sequence    BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_id    VARCHAR(64)   NOT NULL REFERENCES studies (id),
    analysis    VARCHAR(32)   NOT NULL,
    summary     VARCHAR(2000) NOT NULL,
    figures     CLOB          NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE NOT NULL
);
