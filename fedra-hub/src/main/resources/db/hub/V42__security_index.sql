-- The vulnerability feeds the operator imported (OSV JSON as read); the newest is the one in force.
CREATE TABLE security_feed (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    source       VARCHAR(500) NOT NULL,
    imported_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    advisories   INT          NOT NULL,
    content      BLOB         NOT NULL
);

-- Each node's security index (DESIGN section 6) each time it changed: the trend the operator sees.
CREATE TABLE security_index_history (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    node_id        VARCHAR(64)  NOT NULL,
    computed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    security_index DOUBLE PRECISION NOT NULL,
    findings       INT          NOT NULL,
    reason         VARCHAR(500) NOT NULL
);
CREATE INDEX security_index_history_node ON security_index_history (node_id, id);
