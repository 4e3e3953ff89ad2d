-- The federation's catalog: the latest inventory snapshot each node published (coarsened counts only:
-- rounded, small counts suppressed by the node before they leave it). A new snapshot replaces the old one.
CREATE TABLE catalog (
    node_id     VARCHAR(64) PRIMARY KEY,
    taken_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    suppressed  INT NOT NULL
);

CREATE TABLE catalog_entry (
    node_id       VARCHAR(64)  NOT NULL,
    resource_type VARCHAR(64)  NOT NULL,
    code_system   VARCHAR(255) NOT NULL,   -- '' for a resource type's total
    code          VARCHAR(255) NOT NULL,   -- '' for a resource type's total
    resources     BIGINT NOT NULL,
    patients      BIGINT NOT NULL,
    PRIMARY KEY (node_id, resource_type, code_system, code)
);
